package io.swanledger.routing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.swanledger.api.net.CidrPrefix;
import io.swanledger.api.vlan.LabVlan;
import java.io.IOException;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * One nftables set of client addresses per lab VLAN, one marking rule per VLAN
 * ({@code ip saddr @vlan_<n> ip daddr <campus> meta mark set <table>}) and one
 * {@code ip rule fwmark <table> lookup <table>} per VLAN: a packet costs a set lookup however many
 * clients are routed. Structure, marks and elements change in one atomic {@code nft -f -}.
 */
public final class NftSetRouting implements KernelRouting {

    static final String TABLE = "swanledger_routing";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final KernelCommands kernel;
    private final CidrPrefix clients;
    private final CidrPrefix campus;
    private final int priority;

    public NftSetRouting(KernelCommands kernel, CidrPrefix clients, CidrPrefix campus, int priority) {
        this.kernel = kernel;
        this.clients = clients;
        this.campus = campus;
        this.priority = priority;
    }

    @Override
    public Changes apply(Collection<LabVlan> vlans, Collection<RouteGrant> grants) {
        Baseline.apply(kernel, vlans, clients);
        Map<String, Set<String>> desired = new HashMap<>();
        for (LabVlan v : vlans) {
            desired.put(setName(v), new TreeSet<>());
        }
        for (RouteGrant g : grants) {
            Set<String> members = desired.get(setName(g.vlan()));
            if (members == null) {
                throw new RoutingException("client " + g.client() + " is routed into VLAN " + g.vlan().number()
                        + ", which the registry does not list");
            }
            members.add(g.client().toString());
        }
        Map<String, Set<String>> actual = actualSets();
        StringBuilder script = new StringBuilder("add table inet " + TABLE + "\n"
                + "add chain inet " + TABLE + " prerouting { type filter hook prerouting priority mangle; policy accept; }\n"
                + "flush chain inet " + TABLE + " prerouting\n");
        int added = 0;
        int removed = 0;
        for (String stale : actual.keySet()) {
            if (!desired.containsKey(stale)) {
                script.append("delete set inet ").append(TABLE).append(' ').append(stale).append('\n');
                removed += actual.get(stale).size();
            }
        }
        for (LabVlan v : vlans) {
            String set = setName(v);
            script.append("add set inet ").append(TABLE).append(' ').append(set).append(" { type ipv4_addr; }\n");
            script.append("add rule inet ").append(TABLE).append(" prerouting ip saddr @").append(set)
                    .append(" ip daddr ").append(campus).append(" meta mark set ").append(v.table()).append('\n');
            Set<String> now = actual.getOrDefault(set, Set.of());
            Set<String> want = desired.get(set);
            List<String> add = want.stream().filter(a -> !now.contains(a)).toList();
            List<String> del = now.stream().filter(a -> !want.contains(a)).toList();
            if (!add.isEmpty()) {
                script.append("add element inet ").append(TABLE).append(' ').append(set).append(" { ")
                        .append(String.join(", ", add)).append(" }\n");
            }
            if (!del.isEmpty()) {
                script.append("delete element inet ").append(TABLE).append(' ').append(set).append(" { ")
                        .append(String.join(", ", del)).append(" }\n");
            }
            added += add.size();
            removed += del.size();
        }
        kernel.check(List.of("nft", "-f", "-"), script.toString());
        Set<String> marks = new LinkedHashSet<>();
        for (LabVlan v : vlans) {
            marks.add("fwmark " + v.table() + " lookup " + v.table());
        }
        PolicyRules.reconcile(kernel, priority, marks);
        return new Changes(added, removed);
    }

    static String setName(LabVlan v) {
        return "vlan_" + v.number();
    }

    /** Our sets and their addresses; none when the table does not exist yet. */
    private Map<String, Set<String>> actualSets() {
        KernelCommands.Result r = kernel.run(List.of("nft", "-j", "list", "table", "inet", TABLE), null);
        Map<String, Set<String>> out = new HashMap<>();
        if (r.exitCode() != 0) {
            return out;
        }
        try {
            for (JsonNode item : JSON.readTree(r.output()).path("nftables")) {
                JsonNode set = item.get("set");
                if (set == null || !set.path("name").asText().startsWith("vlan_")) {
                    continue;
                }
                Set<String> members = new TreeSet<>();
                for (JsonNode e : set.path("elem")) {
                    members.add(e.isTextual() ? e.asText() : e.toString());
                }
                out.put(set.path("name").asText(), members);
            }
        } catch (IOException e) {
            throw new RoutingException("cannot read nft output: " + e.getMessage(), e);
        }
        return out;
    }
}
