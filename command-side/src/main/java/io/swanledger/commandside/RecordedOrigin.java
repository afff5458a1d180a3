package io.swanledger.commandside;

import java.util.Map;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.messaging.Message;
import org.axonframework.messaging.correlation.CorrelationDataProvider;
import org.axonframework.messaging.correlation.MessageOriginProvider;

/**
 * The origin an event records in its metadata, when there is one the store can show: Axon's
 * {@code correlationId} and {@code traceId} for what an event handler set off (a route withdrawn
 * because its pair left the access list names the {@code AccessPairRevoked} it followed), and
 * nothing for a command that came from outside (RADIUS, VICI, an operator). Axon's default gave
 * those events the command's own id twice, an id that is stored nowhere and so names nothing; it
 * was about 105 bytes of every event's row and a map serialized with each, under churn six per
 * session. A command's identity is in its events' payloads (session, gateway, NAS, time).
 */
public final class RecordedOrigin implements CorrelationDataProvider {

    private final MessageOriginProvider origin = new MessageOriginProvider();

    @Override
    public Map<String, ?> correlationDataFor(Message<?> message) {
        if (message instanceof EventMessage<?> || message.getMetaData().containsKey(MessageOriginProvider.getDefaultTraceKey())) {
            return origin.correlationDataFor(message);
        }
        return Map.of();
    }
}
