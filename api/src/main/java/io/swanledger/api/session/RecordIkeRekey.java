package io.swanledger.api.session;

import io.swanledger.api.Inputs;
import io.swanledger.api.InvalidValueException;
import io.swanledger.api.identity.GatewayId;
import io.swanledger.api.identity.SessionId;
import java.time.Instant;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/**
 * charon rekeyed the session's IKE_SA (VICI {@code ike-rekey}): the same session continues under a new
 * IKE_SA unique id. A rekey of a closed session, or to the id already recorded, records nothing.
 */
public record RecordIkeRekey(@TargetAggregateIdentifier SessionId sessionId, long previousIkeUniqueId, long ikeUniqueId,
                             GatewayId gateway, Instant at) {

    public RecordIkeRekey {
        Inputs.required("session id", sessionId);
        if (ikeUniqueId <= 0 || previousIkeUniqueId < 0) {
            throw new InvalidValueException("IKE_SA unique id", "must be positive",
                    previousIkeUniqueId + "->" + ikeUniqueId);
        }
        Inputs.required("gateway", gateway);
        Inputs.required("time", at);
    }
}
