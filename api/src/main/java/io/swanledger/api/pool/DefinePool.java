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
 * Defines a client address pool: the ranges handed out, the network they live in (its network and
 * broadcast addresses are never handed out) and the reserved addresses (gateway, server, exclusions).
 * {@code quarantine} is how long a released address rests before another account may get it.
 */
public record DefinePool(@TargetAggregateIdentifier PoolId poolId, CidrPrefix network, List<Ipv4Range> ranges,
                         Set<Ipv4Address> reserved, Duration quarantine, String requestedBy, Instant at) {

    public DefinePool {
        Inputs.required("pool id", poolId);
        Inputs.required("pool network", network);
        Inputs.required("pool ranges", ranges);
        if (ranges.isEmpty()) {
            throw new InvalidValueException("pool ranges", "must name at least one range");
        }
        ranges.forEach(r -> Inputs.required("pool range", r));
        reserved = reserved == null ? Set.of() : Set.copyOf(reserved);
        quarantine = quarantine == null ? Duration.ZERO : quarantine;
        if (quarantine.isNegative() || quarantine.compareTo(Duration.ofDays(7)) > 0) {
            throw new InvalidValueException("pool quarantine", "must be between 0 and 7 days", quarantine);
        }
        Inputs.text("requested by", requestedBy, 128);
        Inputs.required("time", at);
        ranges = List.copyOf(ranges);
    }
}
