package io.swanledger.routing;

import io.swanledger.api.net.CidrPrefix;
import io.swanledger.api.vlan.LabVlan;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * The seed's model: one {@code ip rule from <client>/32 to <campus> lookup <table>} per routed
 * client, all at one priority that is ours alone. Simple, but every packet walks the rule list, so
 * the per-packet cost grows with the number of routed clients (see docs/benchmarks.md).
 */
public final class IpRuleRouting implements KernelRouting {

    private final KernelCommands kernel;
    private final CidrPrefix clients;
    private final CidrPrefix campus;
    private final int priority;

    public IpRuleRouting(KernelCommands kernel, CidrPrefix clients, CidrPrefix campus, int priority) {
        this.kernel = kernel;
        this.clients = clients;
        this.campus = campus;
        this.priority = priority;
    }

    @Override
    public Changes apply(Collection<LabVlan> vlans, Collection<RouteGrant> grants) {
        Baseline.apply(kernel, vlans, clients);
        Set<String> desired = new LinkedHashSet<>();
        for (RouteGrant g : grants) {
            desired.add("from " + g.client() + "/32 to " + campus + " lookup " + g.vlan().table());
        }
        int[] changed = PolicyRules.reconcile(kernel, priority, desired);
        return new Changes(changed[0], changed[1]);
    }
}
