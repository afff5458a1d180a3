package io.swanledger.routing;

import io.swanledger.api.net.Ipv4Address;
import io.swanledger.api.vlan.LabVlan;

/** A live client routed into a lab VLAN: what the kernel must reflect. */
public record RouteGrant(Ipv4Address client, LabVlan vlan) {
}
