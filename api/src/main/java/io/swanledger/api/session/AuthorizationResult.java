package io.swanledger.api.session;

import io.swanledger.api.identity.SessionId;
import io.swanledger.api.net.Ipv4Address;
import io.swanledger.api.vlan.LabVlan;

/**
 * What the gateway tells strongSwan: accepted with an address (and a lab-VLAN route when granted),
 * or refused with a reason. {@code vlanDenial} is set when a VLAN was requested but not granted.
 */
public record AuthorizationResult(SessionId sessionId, boolean accepted, Ipv4Address address, LabVlan vlanRoute,
                                  VlanRouteDenied.Reason vlanDenial, SessionRefused.Reason refusal) {

    public static AuthorizationResult accepted(SessionId id, Ipv4Address address, LabVlan route,
                                               VlanRouteDenied.Reason denial) {
        return new AuthorizationResult(id, true, address, route, denial, null);
    }

    public static AuthorizationResult refused(SessionId id, SessionRefused.Reason reason, VlanRouteDenied.Reason denial) {
        return new AuthorizationResult(id, false, null, null, denial, reason);
    }
}
