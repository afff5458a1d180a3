package io.swanledger.routing;

import io.swanledger.api.vlan.LabVlan;
import java.util.Collection;

/**
 * Makes the kernel match the routing projection: the per-VLAN baseline (routing table, SNAT) and
 * the per-client policy routing. Each call reconciles desired against actual — adds what is
 * missing, removes what is stale — and touches nothing outside its own priority, tables and
 * nftables objects. The same call serves start-up, every change and recovery after a crash.
 */
public interface KernelRouting {

    /** What one reconciliation changed (per-client entries). */
    record Changes(int added, int removed) {
    }

    Changes apply(Collection<LabVlan> vlans, Collection<RouteGrant> grants);
}
