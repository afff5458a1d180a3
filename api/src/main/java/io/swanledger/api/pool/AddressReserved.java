package io.swanledger.api.pool;

import io.swanledger.api.identity.PoolId;
import io.swanledger.api.net.Ipv4Address;
import java.time.Instant;
import org.axonframework.serialization.Revision;

@Revision("1")
public record AddressReserved(PoolId poolId, Ipv4Address address, String reason, String requestedBy, Instant at) {
}
