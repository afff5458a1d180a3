package io.swanledger.commandside;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.axonframework.commandhandling.GenericCommandMessage;
import org.axonframework.eventhandling.GenericEventMessage;
import org.axonframework.messaging.MetaData;
import org.junit.jupiter.api.Test;

class RecordedOriginTest {

    private final RecordedOrigin origin = new RecordedOrigin();

    @Test
    void aCommandFromOutsideGivesItsEventsNoOrigin() {
        assertTrue(origin.correlationDataFor(GenericCommandMessage.asCommandMessage("from a NAS")).isEmpty());
    }

    @Test
    void anEventBeingHandledIsTheOriginOfWhatItsHandlerSends() {
        GenericEventMessage<String> event = new GenericEventMessage<>("pair revoked");
        assertEquals(Map.of("correlationId", event.getIdentifier(), "traceId", event.getIdentifier()),
                origin.correlationDataFor(event));
    }

    @Test
    void aCommandSentByAnEventHandlerPassesTheEventOnAsItsEventsTrace() {
        var command = GenericCommandMessage.asCommandMessage("revoke the route")
                .andMetaData(MetaData.with("correlationId", "event-1").and("traceId", "event-1"));
        assertEquals(Map.of("correlationId", command.getIdentifier(), "traceId", "event-1"),
                origin.correlationDataFor(command));
    }
}
