package io.swanledger.api.pool;

import io.swanledger.api.identity.PoolId;
import io.swanledger.api.net.CidrPrefix;
import io.swanledger.api.net.Ipv4Address;
import io.swanledger.api.net.Ipv4Range;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.axonframework.serialization.Revision;

@Revision("1")
public record PoolDefined(PoolId poolId, CidrPrefix network, List<Ipv4Range> ranges, Set<Ipv4Address> reserved,
                          Duration quarantine, String requestedBy, Instant at) {
}
