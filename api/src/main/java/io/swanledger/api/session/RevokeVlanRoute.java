package io.swanledger.api.session;

import io.swanledger.api.Inputs;
import io.swanledger.api.identity.GatewayId;
import io.swanledger.api.identity.SessionId;
import java.time.Instant;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** Withdraws a live session's lab-VLAN route (its pair left the access list, or the VLAN did). */
public record RevokeVlanRoute(@TargetAggregateIdentifier SessionId sessionId, VlanRouteRevoked.Reason reason,
                              GatewayId gateway, Instant at) {

    public RevokeVlanRoute {
        Inputs.required("session id", sessionId);
        Inputs.required("reason", reason);
        Inputs.required("gateway", gateway);
        Inputs.required("time", at);
    }
}
