package io.swanledger.api.session;

import io.swanledger.api.Inputs;
import io.swanledger.api.identity.GatewayId;
import io.swanledger.api.identity.SessionId;
import java.time.Instant;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/**
 * Ends a session. Accepted any number of times; only the first records anything. {@code detail}
 * (e.g. the Acct-Terminate-Cause), {@code requestedBy} (who asked, for admin closes) and
 * {@code finalUsage} may be null.
 */
public record CloseSession(@TargetAggregateIdentifier SessionId sessionId, CloseReason reason, String detail,
                           String requestedBy, Usage finalUsage, GatewayId gateway, Instant at) {

    public CloseSession {
        Inputs.required("session id", sessionId);
        Inputs.required("close reason", reason);
        if (detail != null) {
            Inputs.text("close detail", detail, 256);
        }
        if (requestedBy != null) {
            Inputs.text("requested by", requestedBy, 128);
        }
        Inputs.required("gateway", gateway);
        Inputs.required("time", at);
    }
}
