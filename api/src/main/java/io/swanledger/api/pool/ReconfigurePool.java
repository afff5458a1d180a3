package io.swanledger.api.pool;

import io.swanledger.api.InvalidValueException;
import io.swanledger.api.Inputs;
import io.swanledger.api.identity.PoolId;
import io.swanledger.api.net.CidrPrefix;
import io.swanledger.api.net.Ipv4Address;
import io.swanledger.api.net.Ipv4Range;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/**
 * Brings a defined pool in line with its configuration: the ranges, reserved addresses and quarantine
 * an operator configured now. Added ranges and addresses become free; an address that leaves the
 * pool (a shrunk range, a new reservation) is never taken from a live session: it leaves when its
 * session releases it. The network cannot change (define a new pool for that). Answers with the
 * {@link PoolChanges}; the same configuration again records nothing.
 */
public record ReconfigurePool(@TargetAggregateIdentifier PoolId poolId, CidrPrefix network, List<Ipv4Range> ranges,
                              Set<Ipv4Address> reserved, Duration quarantine, String requestedBy, Instant at) {

    public ReconfigurePool {
        Inputs.required("pool id", poolId);
        Inputs.required("pool network", network);
        Inputs.required("pool ranges", ranges);
        if (ranges.isEmpty()) {
            throw new InvalidValueException("pool ranges", "must name at least one range");
        }
        ranges = List.copyOf(ranges);
        reserved = reserved == null ? Set.of() : Set.copyOf(reserved);
        quarantine = quarantine == null ? Duration.ZERO : quarantine;
        Inputs.text("requested by", requestedBy, 128);
        Inputs.required("time", at);
    }
}
