package io.swanledger.api.session;

import io.swanledger.api.identity.AccountName;
import io.swanledger.api.identity.GatewayId;
import io.swanledger.api.identity.SessionId;
import io.swanledger.api.net.Ipv4Address;
import io.swanledger.api.vlan.AccessPair;
import io.swanledger.api.vlan.LabVlan;
import java.time.Instant;
import org.axonframework.serialization.Revision;

/**
 * The session's client address routes into a lab VLAN. Carries the VLAN's registry entry as it was at
 * the decision, so that the routing projection and auditors need nothing else. {@code pair} is the
 * account@VLAN pair that allowed it.
 */
@Revision("1")
public record VlanRouteGranted(SessionId sessionId, AccountName account, AccessPair pair, LabVlan vlan,
                               Ipv4Address clientAddress, GatewayId gateway, Instant at) {
}
