package io.swanledger.api.pool;

import io.swanledger.api.identity.AccountName;
import io.swanledger.api.identity.GatewayId;
import io.swanledger.api.identity.PoolId;
import io.swanledger.api.identity.SessionId;
import io.swanledger.api.net.Ipv4Address;
import java.time.Instant;
import org.axonframework.serialization.Revision;

@Revision("1")
public record AddressReleased(PoolId poolId, Ipv4Address address, SessionId sessionId, AccountName account,
                              GatewayId gateway, Instant at) {
}
