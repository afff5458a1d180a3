package io.swanledger.api.session;

import io.swanledger.api.identity.AccountName;
import io.swanledger.api.identity.GatewayId;
import io.swanledger.api.identity.PoolId;
import io.swanledger.api.identity.SessionId;
import io.swanledger.api.identity.VlanNumber;
import io.swanledger.api.net.Ipv4Address;
import java.time.Instant;
import org.axonframework.serialization.Revision;

/**
 * The session ended, once. Carries what the address release and the route removal need:
 * the pool and address it held (null if none) and the lab VLAN it was routed into (null if none).
 */
@Revision("1")
public record SessionClosed(SessionId sessionId, AccountName account, CloseReason reason, String detail,
                            String requestedBy, PoolId poolId, Ipv4Address address, VlanNumber routedVlan,
                            boolean wasEstablished, Usage usage, GatewayId gateway, Instant at) {
}
