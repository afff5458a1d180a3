package io.swanledger.api.pool;

import io.swanledger.api.identity.PoolId;
import io.swanledger.api.net.Ipv4Range;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.axonframework.serialization.Revision;

/**
 * The pool's ranges or quarantine changed (reservations are their own events): from {@code at} on it
 * hands out addresses of {@code ranges} only; addresses outside them that sessions still held leave
 * the pool when released.
 */
@Revision("1")
public record PoolReconfigured(PoolId poolId, List<Ipv4Range> before, List<Ipv4Range> ranges, Duration quarantine,
                               String requestedBy, Instant at) {
}
