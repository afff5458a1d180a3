package io.swanledger.api.session;

import io.swanledger.api.identity.AccountName;
import io.swanledger.api.identity.GatewayId;
import io.swanledger.api.identity.SessionId;
import io.swanledger.api.net.Ipv4Address;
import io.swanledger.api.vlan.LabVlan;
import java.time.Instant;
import org.axonframework.serialization.Revision;

/** A live session's lab-VLAN route was withdrawn; the session itself goes on with ordinary access. */
@Revision("1")
public record VlanRouteRevoked(SessionId sessionId, AccountName account, LabVlan vlan, Ipv4Address clientAddress,
                               Reason reason, GatewayId gateway, Instant at) {

    public enum Reason { PAIR_REVOKED, VLAN_UNREGISTERED, VLAN_CHANGED }
}
