package io.swanledger.api.session;

import io.swanledger.api.Inputs;
import io.swanledger.api.identity.GatewayId;
import io.swanledger.api.identity.SessionId;
import io.swanledger.api.net.PeerEndpoint;
import java.time.Instant;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/**
 * The client was seen at {@code endpoint} (VICI {@code ike-update} after a MOBIKE roam, or the
 * Calling-Station-Id of an accounting request). A change of a live session's endpoint is recorded;
 * the same endpoint again, or any endpoint of a closed session, records nothing. {@code source}
 * says who reported it ({@code vici}, {@code radius-accounting}).
 */
public record RecordClientEndpoint(@TargetAggregateIdentifier SessionId sessionId, PeerEndpoint endpoint, String source,
                                   GatewayId gateway, Instant at) {

    public RecordClientEndpoint {
        Inputs.required("session id", sessionId);
        Inputs.required("endpoint", endpoint);
        Inputs.text("source", source, 32);
        Inputs.required("gateway", gateway);
        Inputs.required("time", at);
    }
}
