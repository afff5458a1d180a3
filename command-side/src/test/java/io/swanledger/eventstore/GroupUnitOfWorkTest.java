package io.swanledger.eventstore;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;
import org.axonframework.commandhandling.CommandMessage;
import org.axonframework.commandhandling.GenericCommandMessage;
import org.axonframework.messaging.Message;
import org.axonframework.messaging.MetaData;
import org.axonframework.messaging.correlation.CorrelationDataProvider;
import org.axonframework.messaging.correlation.MessageOriginProvider;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;
import org.axonframework.messaging.unitofwork.RollbackConfigurationType;
import org.junit.jupiter.api.Test;

class GroupUnitOfWorkTest {

    /** Counts how often it is asked; answers as Axon's message origin provider does. */
    static final class Counting implements CorrelationDataProvider {
        final MessageOriginProvider origin = new MessageOriginProvider();
        int asked;

        @Override
        public Map<String, ?> correlationDataFor(Message<?> message) {
            asked++;
            return origin.correlationDataFor(message);
        }
    }

    @Test
    void worksOutEachCommandsCorrelationDataOnceAndAgainWhenAProviderJoins() throws Exception {
        CommandMessage<?> first = GenericCommandMessage.asCommandMessage("first");
        CommandMessage<?> second = GenericCommandMessage.asCommandMessage("second");
        GroupUnitOfWork<CommandMessage<?>> uow = new GroupUnitOfWork<>(List.of(first, second));
        Counting origin = new Counting();
        Counting extra = new Counting();
        uow.registerCorrelationDataProvider(origin);
        List<MetaData> seen = new java.util.ArrayList<>();

        uow.executeWithResult(() -> {
            MetaData a = CurrentUnitOfWork.correlationData();
            int asked = origin.asked;
            MetaData b = CurrentUnitOfWork.correlationData();
            CurrentUnitOfWork.correlationData();
            assertEquals(asked, origin.asked, "asked once for a command however many messages it creates");
            assertEquals(a, b);
            seen.add(a);
            if (uow.getMessage() == second) {
                uow.registerCorrelationDataProvider(extra);
                seen.add(CurrentUnitOfWork.correlationData());
                assertEquals(asked + 1, origin.asked, "asked again once a provider joined");
                assertEquals(1, extra.asked);
            }
            return null;
        }, RollbackConfigurationType.ANY_THROWABLE);

        assertEquals(first.getIdentifier(), seen.get(0).get("correlationId"));
        assertEquals(second.getIdentifier(), seen.get(1).get("correlationId"), "each command its own");
        assertEquals(second.getIdentifier(), seen.get(2).get("correlationId"));
    }
}
