package io.swanledger.api.pool;

import io.swanledger.api.Inputs;
import io.swanledger.api.identity.GatewayId;
import io.swanledger.api.identity.PoolId;
import io.swanledger.api.identity.SessionId;
import io.swanledger.api.net.Ipv4Address;
import java.time.Instant;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** Gives an address back; only the session holding it may. */
public record ReleaseAddress(@TargetAggregateIdentifier PoolId poolId, Ipv4Address address, SessionId sessionId,
                             GatewayId gateway, Instant at) {

    public ReleaseAddress {
        Inputs.required("pool id", poolId);
        Inputs.required("address", address);
        Inputs.required("session id", sessionId);
        Inputs.required("gateway", gateway);
        Inputs.required("time", at);
    }
}
