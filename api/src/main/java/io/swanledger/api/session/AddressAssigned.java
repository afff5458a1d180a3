package io.swanledger.api.session;

import io.swanledger.api.identity.AccountName;
import io.swanledger.api.identity.GatewayId;
import io.swanledger.api.identity.PoolId;
import io.swanledger.api.identity.SessionId;
import io.swanledger.api.net.Ipv4Address;
import java.time.Instant;
import org.axonframework.serialization.Revision;

@Revision("1")
public record AddressAssigned(SessionId sessionId, PoolId poolId, Ipv4Address address, AccountName account,
                              GatewayId gateway, Instant at) {
}
