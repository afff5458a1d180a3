package io.swanledger.routing;

import io.swanledger.api.net.CidrPrefix;
import io.swanledger.api.vlan.LabVlan;
import java.util.Collection;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The per-VLAN part both backends share, from the VLAN registry: a routing table per VLAN
 * ({@code <prefix> dev <if> src <snat>}, {@code default via <gw>}) and SNAT of client addresses to
 * the VLAN's SNAT address, in an nftables table of its own that is rewritten atomically each time.
 */
final class Baseline {

    static final String NAT_TABLE = "swanledger_nat";
    private static final Pattern INTERFACE = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,14}");

    private Baseline() {
    }

    static void apply(KernelCommands kernel, Collection<LabVlan> vlans, CidrPrefix clients) {
        StringBuilder routes = new StringBuilder();
        StringBuilder nat = new StringBuilder("add table ip " + NAT_TABLE + "\n"
                + "add chain ip " + NAT_TABLE + " postrouting { type nat hook postrouting priority srcnat; policy accept; }\n"
                + "flush chain ip " + NAT_TABLE + " postrouting\n");
        for (LabVlan v : vlans) {
            String dev = interfaceName(v);
            routes.append("route replace ").append(v.prefix()).append(" dev ").append(dev).append(" src ")
                    .append(v.snatAddress()).append(" table ").append(v.table()).append('\n');
            routes.append("route replace default via ").append(v.gateway()).append(" dev ").append(dev)
                    .append(" table ").append(v.table()).append('\n');
            nat.append("add rule ip ").append(NAT_TABLE).append(" postrouting oifname \"").append(dev)
                    .append("\" ip saddr ").append(clients).append(" snat to ").append(v.snatAddress()).append('\n');
        }
        if (routes.length() > 0) {
            kernel.check(List.of("ip", "-batch", "-"), routes.toString());
        }
        kernel.check(List.of("nft", "-f", "-"), nat.toString());
    }

    /** Interface names reach iproute2 and nft scripts: only what Linux allows, nothing a parser could misread. */
    static String interfaceName(LabVlan v) {
        if (!INTERFACE.matcher(v.interfaceName()).matches()) {
            throw new RoutingException("VLAN " + v.number() + ": interface name " + v.interfaceName() + " is not usable");
        }
        return v.interfaceName();
    }
}
