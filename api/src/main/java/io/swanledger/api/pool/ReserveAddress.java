package io.swanledger.api.pool;

import io.swanledger.api.Inputs;
import io.swanledger.api.identity.PoolId;
import io.swanledger.api.net.Ipv4Address;
import java.time.Instant;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** Takes an address out of circulation (e.g. a printer was given it statically). */
public record ReserveAddress(@TargetAggregateIdentifier PoolId poolId, Ipv4Address address, String reason,
                             String requestedBy, Instant at) {

    public ReserveAddress {
        Inputs.required("pool id", poolId);
        Inputs.required("address", address);
        Inputs.text("reason", reason, 256);
        Inputs.text("requested by", requestedBy, 128);
        Inputs.required("time", at);
    }
}
