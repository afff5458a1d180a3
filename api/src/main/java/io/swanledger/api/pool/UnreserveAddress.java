package io.swanledger.api.pool;

import io.swanledger.api.Inputs;
import io.swanledger.api.identity.PoolId;
import io.swanledger.api.net.Ipv4Address;
import java.time.Instant;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** Puts a reserved address back into circulation. */
public record UnreserveAddress(@TargetAggregateIdentifier PoolId poolId, Ipv4Address address, String requestedBy,
                               Instant at) {

    public UnreserveAddress {
        Inputs.required("pool id", poolId);
        Inputs.required("address", address);
        Inputs.text("requested by", requestedBy, 128);
        Inputs.required("time", at);
    }
}
