package io.swanledger.api.session;

import io.swanledger.api.Inputs;
import io.swanledger.api.identity.GatewayId;
import io.swanledger.api.identity.SessionId;
import java.time.Instant;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/**
 * The tunnel is up (RADIUS Accounting-Start or VICI ike-updown). {@code source} says which signal;
 * {@code ikeUniqueId} is charon's IKE_SA unique id when known (0 otherwise).
 */
public record EstablishSession(@TargetAggregateIdentifier SessionId sessionId, String source, long ikeUniqueId,
                               GatewayId gateway, Instant at) {

    public EstablishSession {
        Inputs.required("session id", sessionId);
        Inputs.text("source", source, 32);
        Inputs.required("gateway", gateway);
        Inputs.required("time", at);
    }
}
