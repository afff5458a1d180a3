package io.swanledger.commandside;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.swanledger.eventstore.GroupCommitCommandBus;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.axonframework.commandhandling.GenericCommandMessage;
import org.axonframework.commandhandling.SimpleCommandBus;
import org.axonframework.commandhandling.callbacks.FutureCallback;
import org.axonframework.common.transaction.NoTransactionManager;
import org.junit.jupiter.api.Test;

class GroupCommitMetricsTest {

    record Note(String id) {
    }

    @Test
    void countsGroupsTheirCommandsAndTheirTimeByOutcome() throws Exception {
        GroupCommitCommandBus bus = new GroupCommitCommandBus(SimpleCommandBus.builder(), NoTransactionManager.instance(),
                Set.of(Note.class), 64);
        try {
            bus.subscribe(Note.class.getName(), m -> {
                if (((Note) m.getPayload()).id().equals("refused")) {
                    throw new IllegalArgumentException("refused");
                }
                return "ok";
            });
            SimpleMeterRegistry registry = new SimpleMeterRegistry();
            new GroupCommitMetrics(bus).bindTo(registry);
            for (String id : new String[] {"a", "refused"}) {
                FutureCallback<Object, Object> callback = new FutureCallback<>();
                bus.dispatch(GenericCommandMessage.asCommandMessage(new Note(id)), callback);
                callback.getResult(10, TimeUnit.SECONDS);
            }
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (registry.get("swanledger.command.group.commands").summary().count() < 2 && System.nanoTime() < deadline) {
                Thread.sleep(1);
            }
            assertEquals(1, registry.get("swanledger.command.group").tag("outcome", "committed").timer().count());
            assertEquals(1, registry.get("swanledger.command.group").tag("outcome", "handled-alone").timer().count());
            assertEquals(2.0, registry.get("swanledger.command.group.commands").summary().totalAmount());
            // one commit timed: the refused command's unit of work rolled back
            assertEquals(1, registry.get("swanledger.command.group.commit").timer().count());
        } finally {
            bus.shutdown();
        }
    }
}
