package io.swanledger.routing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.swanledger.api.identity.VlanNumber;
import io.swanledger.api.net.CidrPrefix;
import io.swanledger.api.net.Ipv4Address;
import io.swanledger.api.vlan.LabVlan;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Both routing backends against the real kernel, in a network namespace the test creates: a lab
 * interface, a client-side interface, and a foreign policy rule that must survive every
 * reconciliation.
 */
class KernelRoutingTest {

    private static final CidrPrefix CLIENTS = CidrPrefix.parse("10.1.0.0/16");
    private static final CidrPrefix CAMPUS = CidrPrefix.parse("10.2.0.0/16");
    private static final LabVlan LAB = new LabVlan(VlanNumber.parse("123456"), "lab0", CidrPrefix.parse("10.2.0.0/24"),
            Ipv4Address.parse("10.2.0.254"), Ipv4Address.parse("10.2.0.253"), 123456);

    private TestNamespace ns;
    private KernelCommands inside;

    @BeforeEach
    void namespace() {
        ns = TestNamespace.withLab("swl-rt-");
        inside = ns.inside();
        inside.check(List.of("ip", "-batch", "-"), """
                link add cli0 type veth peer name cli0p
                addr add 10.1.0.1/16 dev cli0
                link set cli0 up
                link set cli0p up
                rule add from 10.9.9.9 lookup main priority 100
                """);
        inside.check(List.of("sysctl", "-qw", "net.ipv4.ip_forward=1"), null);
    }

    @AfterEach
    void removeNamespace() {
        ns.close();
    }

    private static RouteGrant grant(String client) {
        return new RouteGrant(Ipv4Address.parse(client), LAB);
    }

    @Test
    void ipRuleBackendAddsRemovesAndLeavesForeignRulesAlone() {
        KernelRouting routing = new IpRuleRouting(inside, CLIENTS, CAMPUS, 30001);

        assertEquals(new KernelRouting.Changes(2, 0), routing.apply(List.of(LAB), List.of(grant("10.1.0.10"), grant("10.1.0.11"))));
        assertBaseline();
        assertTrue(routeGet("10.1.0.10", null).contains("table 123456"), routeGet("10.1.0.10", null));
        assertFalse(routeGet("10.1.0.12", null).contains("table 123456"), "an unrouted client uses the main table");

        assertEquals(new KernelRouting.Changes(0, 1), routing.apply(List.of(LAB), List.of(grant("10.1.0.11"))));
        assertFalse(routeGet("10.1.0.10", null).contains("table 123456"));
        assertEquals(new KernelRouting.Changes(0, 0), routing.apply(List.of(LAB), List.of(grant("10.1.0.11"))),
                "nothing to do the second time");

        inside.check(List.of("ip", "rule", "add", "from", "10.1.0.99/32", "to", "10.2.0.0/16", "lookup", "123456",
                "priority", "30001"), null);
        assertEquals(new KernelRouting.Changes(0, 1), routing.apply(List.of(LAB), List.of(grant("10.1.0.11"))),
                "a stale rule in our priority is removed");
        assertTrue(rules().contains("\"priority\":100"), "the foreign rule is untouched: " + rules());
    }

    @Test
    void nftSetBackendKeepsOneSetPerVlanAndOneMarkRule() {
        KernelRouting routing = new NftSetRouting(inside, CLIENTS, CAMPUS, 30001);

        assertEquals(new KernelRouting.Changes(2, 0), routing.apply(List.of(LAB), List.of(grant("10.1.0.10"), grant("10.1.0.11"))));
        assertBaseline();
        String set = inside.check(List.of("nft", "list", "set", "inet", NftSetRouting.TABLE, "vlan_123456"), null);
        assertTrue(set.contains("10.1.0.10") && set.contains("10.1.0.11"), set);
        String chain = inside.check(List.of("nft", "list", "chain", "inet", NftSetRouting.TABLE, "prerouting"), null);
        assertTrue(chain.contains("ip saddr @vlan_123456 ip daddr 10.2.0.0/16 meta mark set"), chain);
        assertTrue(routeGet("10.1.0.10", "123456").contains("table 123456"), "marked packets use the VLAN table");

        assertEquals(new KernelRouting.Changes(0, 1), routing.apply(List.of(LAB), List.of(grant("10.1.0.11"))));
        set = inside.check(List.of("nft", "list", "set", "inet", NftSetRouting.TABLE, "vlan_123456"), null);
        assertFalse(set.contains("10.1.0.10"), set);
        assertEquals(new KernelRouting.Changes(0, 0), routing.apply(List.of(LAB), List.of(grant("10.1.0.11"))));
        assertEquals(1, rules().split("\"priority\":30001", -1).length - 1, "one fwmark rule, however many clients: " + rules());

        assertEquals(new KernelRouting.Changes(0, 1), routing.apply(List.of(), List.of()), "an unregistered VLAN's set goes");
        assertFalse(rules().contains("\"priority\":30001"), rules());
        assertTrue(rules().contains("\"priority\":100"), "the foreign rule is untouched");
    }

    private void assertBaseline() {
        String table = inside.check(List.of("ip", "route", "show", "table", "123456"), null);
        assertTrue(table.contains("default via 10.2.0.254 dev lab0"), table);
        assertTrue(table.contains("10.2.0.0/24 dev lab0") && table.contains("src 10.2.0.253"), table);
        String nat = inside.check(List.of("nft", "list", "table", "ip", Baseline.NAT_TABLE), null);
        assertTrue(nat.contains("oifname \"lab0\" ip saddr 10.1.0.0/16 snat ip to 10.2.0.253")
                || nat.contains("oifname \"lab0\" ip saddr 10.1.0.0/16 snat to 10.2.0.253"), nat);
    }

    private String rules() {
        return inside.check(List.of("ip", "-j", "rule", "show"), null);
    }

    private String routeGet(String from, String mark) {
        List<String> cmd = new java.util.ArrayList<>(List.of("ip", "route", "get", "10.2.0.77", "from", from, "iif", "cli0"));
        if (mark != null) {
            cmd.addAll(List.of("mark", mark));
        }
        return inside.check(cmd, null);
    }
}
