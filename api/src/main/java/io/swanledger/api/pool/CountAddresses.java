package io.swanledger.api.pool;

import io.swanledger.api.Inputs;
import io.swanledger.api.identity.PoolId;
import java.time.Instant;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/**
 * Asks the pool how many of its addresses are free, held, and resting in quarantine at {@code at}
 * (for the metrics). Records nothing; answers with {@link AddressCounts}. Sent to the aggregate rather
 * than computed from a projection because only the pool knows its quarantine.
 */
public record CountAddresses(@TargetAggregateIdentifier PoolId poolId, Instant at) {

    public CountAddresses {
        Inputs.required("pool id", poolId);
        Inputs.required("time", at);
    }

    /** Free to hand out now, held by live sessions, released and still in quarantine. */
    public record AddressCounts(int free, int held, int quarantined) {
    }
}
