package io.swanledger.routing;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * The kernel settings the seed's updown hook relied on, checked at start-up: forwarding on, reverse
 * path filtering not strict (policy-routed replies leave by another table), no ICMP redirects.
 * Wrong values are reported, not changed: the host's configuration is the operator's.
 */
final class SysctlCheck {

    private SysctlCheck() {
    }

    /** One warning per setting that would break lab-VLAN routing; {@code read} returns null when unknown. */
    static List<String> warnings(Function<String, String> read) {
        List<String> out = new ArrayList<>();
        if (!"1".equals(read.apply("net.ipv4.ip_forward"))) {
            out.add("net.ipv4.ip_forward is not 1: clients cannot reach any lab VLAN (sysctl -w net.ipv4.ip_forward=1)");
        }
        for (String scope : List.of("all", "default")) {
            String key = "net.ipv4.conf." + scope + ".rp_filter";
            if ("1".equals(read.apply(key))) {
                out.add(key + " is 1 (strict): replies routed by lab-VLAN tables may be dropped; use 2 (loose) or 0");
            }
        }
        for (String key : List.of("net.ipv4.conf.all.send_redirects", "net.ipv4.conf.all.accept_redirects")) {
            String v = read.apply(key);
            if (v != null && !"0".equals(v)) {
                out.add(key + " is " + v + ": ICMP redirects can bypass the policy routes; set it to 0");
            }
        }
        return out;
    }

    /** Reads with {@code sysctl -n} through the same commands as the backends (so inside a lab namespace too). */
    static Function<String, String> reader(KernelCommands kernel) {
        return key -> {
            KernelCommands.Result r = kernel.run(List.of("sysctl", "-n", key), null);
            return r.exitCode() == 0 ? r.output().strip() : null;
        };
    }
}
