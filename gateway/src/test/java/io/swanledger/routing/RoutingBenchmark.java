package io.swanledger.routing;

import io.swanledger.api.identity.VlanNumber;
import io.swanledger.api.net.CidrPrefix;
import io.swanledger.api.net.Ipv4Address;
import io.swanledger.api.vlan.LabVlan;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * What routed clients cost every packet, per backend, in namespaces the benchmark creates: a client
 * host, the gateway (forwarding, our rules or sets) and a lab host. An unrouted client pings the lab
 * host through the gateway, so each packet (both directions) passes the whole policy-rule list; the
 * added cost is the round trip with N routed clients minus the round trip with none. Also the time
 * one reconciliation takes to add a single client when N are routed. Run:
 * {@code mvn -B -pl gateway -am test -Pbenchmark -Dtest=RoutingBenchmark -Dsurefire.failIfNoSpecifiedTests=false}.
 */
@Tag("benchmark")
class RoutingBenchmark {

    private static final Pattern RTT = Pattern.compile("= [\\d.]+/([\\d.]+)/");
    private static final LabVlan LAB = new LabVlan(VlanNumber.parse("123456"), "lab0", CidrPrefix.parse("10.2.0.0/24"),
            Ipv4Address.parse("10.2.0.10"), Ipv4Address.parse("10.2.0.253"), 123456);

    @Test
    void perPacketCostAndApplyLatency() throws Exception {
        int pings = Integer.getInteger("bench.pings", 3000);
        StringBuilder table = new StringBuilder("| backend | routed clients | round trip avg µs | added per round trip µs | "
                + "apply: add one client at this size ms |\n|---|---:|---:|---:|---:|\n");
        for (String backend : List.of("ip-rule", "nft-set")) {
            String id = UUID.randomUUID().toString().substring(0, 6);
            String cli = "swl-bc-" + id;
            String gw = "swl-bg-" + id;
            String lab = "swl-bl-" + id;
            KernelCommands host = KernelCommands.host();
            try {
                for (String ns : List.of(cli, gw, lab)) {
                    host.check(List.of("ip", "netns", "add", ns), null);
                }
                host.check(List.of("ip", "link", "add", "c0", "netns", cli, "type", "veth", "peer", "name", "cli0", "netns", gw), null);
                host.check(List.of("ip", "link", "add", "l0", "netns", lab, "type", "veth", "peer", "name", "lab0", "netns", gw), null);
                KernelCommands c = new KernelCommands(List.of("ip", "netns", "exec", cli));
                KernelCommands g = new KernelCommands(List.of("ip", "netns", "exec", gw));
                KernelCommands l = new KernelCommands(List.of("ip", "netns", "exec", lab));
                c.check(List.of("ip", "-batch", "-"), "link set lo up\nlink set c0 up\naddr add 10.1.255.1/16 dev c0\n"
                        + "route add default via 10.1.0.1\n");
                g.check(List.of("ip", "-batch", "-"), "link set lo up\nlink set cli0 up\nlink set lab0 up\n"
                        + "addr add 10.1.0.1/16 dev cli0\naddr add 10.2.0.253/24 dev lab0\n");
                g.check(List.of("sysctl", "-qw", "net.ipv4.ip_forward=1"), null);
                l.check(List.of("ip", "-batch", "-"), "link set lo up\nlink set l0 up\naddr add 10.2.0.10/24 dev l0\n"
                        + "route add default via 10.2.0.253\n");
                KernelRouting routing = backend.equals("ip-rule")
                        ? new IpRuleRouting(g, CidrPrefix.parse("10.1.0.0/16"), CidrPrefix.parse("10.2.0.0/16"), 30001)
                        : new NftSetRouting(g, CidrPrefix.parse("10.1.0.0/16"), CidrPrefix.parse("10.2.0.0/16"), 30001);
                double base = -1;
                for (int n : new int[] {0, 1_000, 10_000}) {
                    List<RouteGrant> grants = new ArrayList<>();
                    for (int i = 0; i < n; i++) {
                        grants.add(new RouteGrant(new Ipv4Address(Ipv4Address.parse("10.1.0.10").bits() + i), LAB));
                    }
                    routing.apply(List.of(LAB), grants);
                    List<RouteGrant> plusOne = new ArrayList<>(grants);
                    plusOne.add(new RouteGrant(Ipv4Address.parse("10.1.254.254"), LAB));
                    long t0 = System.nanoTime();
                    routing.apply(List.of(LAB), plusOne);
                    double applyMs = (System.nanoTime() - t0) / 1e6;
                    routing.apply(List.of(LAB), grants);
                    c.check(List.of("ping", "-c", "200", "-i", "0.001", "-q", "10.2.0.10"), null); // warm-up
                    String out = c.check(List.of("ping", "-c", String.valueOf(pings), "-i", "0.001", "-q", "10.2.0.10"), null);
                    Matcher m = RTT.matcher(out);
                    if (!m.find()) {
                        throw new IllegalStateException("no round trip in: " + out);
                    }
                    double avgUs = Double.parseDouble(m.group(1)) * 1000;
                    if (base < 0) {
                        base = avgUs;
                    }
                    String row = String.format("| %s | %,d | %.1f | %+.1f | %.1f |", backend, n, avgUs, avgUs - base, applyMs);
                    System.out.println(row);
                    table.append(row).append('\n');
                }
            } finally {
                for (String ns : List.of(cli, gw, lab)) {
                    host.run(List.of("ip", "netns", "del", ns), null);
                }
            }
        }
        System.out.println("\n" + table);
        Path out = Path.of("target", "benchmarks");
        Files.createDirectories(out);
        Files.writeString(out.resolve("routing.md"), table.toString());
    }
}
