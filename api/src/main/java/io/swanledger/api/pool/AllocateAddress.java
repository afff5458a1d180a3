package io.swanledger.api.pool;

import io.swanledger.api.Inputs;
import io.swanledger.api.identity.AccountName;
import io.swanledger.api.identity.GatewayId;
import io.swanledger.api.identity.PoolId;
import io.swanledger.api.identity.SessionId;
import io.swanledger.api.net.Ipv4Address;
import java.time.Instant;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** Asks the pool for an address for one session; {@code preferred} may be null. */
public record AllocateAddress(@TargetAggregateIdentifier PoolId poolId, SessionId sessionId, AccountName account,
                              Ipv4Address preferred, GatewayId gateway, Instant at) {

    public AllocateAddress {
        Inputs.required("pool id", poolId);
        Inputs.required("session id", sessionId);
        Inputs.required("account", account);
        Inputs.required("gateway", gateway);
        Inputs.required("time", at);
    }
}
