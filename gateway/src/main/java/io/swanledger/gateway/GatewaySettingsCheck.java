package io.swanledger.gateway;

import io.swanledger.api.InvalidValueException;
import io.swanledger.api.identity.GatewayId;
import io.swanledger.api.net.CidrPrefix;
import io.swanledger.api.net.Ipv4Address;
import io.swanledger.api.net.Ipv4Range;
import io.swanledger.commandside.Launcher;
import io.swanledger.radius.RadiusProperties;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.env.EnvironmentPostProcessor;
import org.springframework.core.Ordered;
import org.springframework.core.env.ConfigurableEnvironment;

/**
 * Checks the gateway's configuration as a whole before anything starts (seconds after launch, before
 * the store is opened), and lists every problem at once: the gateway id, the pool (ranges inside the
 * network, no overlap, at most 65,536 addresses — the aggregate would refuse more), the routing backend
 * (with a hint when YAML turned an unquoted {@code off} into {@code false}) and the RADIUS front.
 */
public class GatewaySettingsCheck implements EnvironmentPostProcessor, Ordered {

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment env, SpringApplication application) {
        if (!application.getAllSources().contains(GatewayApplication.class)) {
            return; // another application on the same class path (tests, tools)
        }
        List<String> problems = problems(env);
        if (!problems.isEmpty()) {
            Launcher.refuse(new IllegalStateException("the configuration has " + problems.size() + " problem"
                    + (problems.size() == 1 ? "" : "s") + ":\n  - " + String.join("\n  - ", problems)));
        }
    }

    static List<String> problems(ConfigurableEnvironment env) {
        List<String> out = new ArrayList<>();
        String id = env.getProperty("swanledger.gateway.id");
        if (id == null || id.isBlank()) {
            out.add("swanledger.gateway.id is required: this host's name in every event (e.g. vpn1)");
        } else {
            check(out, () -> GatewayId.of(id));
        }
        pool(env, out);
        String backend = env.getProperty("swanledger.routing.backend", "off");
        if (!List.of("off", "ip-rule", "nft-set").contains(backend)) {
            out.add("swanledger.routing.backend must be off, ip-rule or nft-set, not " + backend
                    + (backend.equals("false") ? " (YAML reads an unquoted off as false: write backend: \"off\")" : ""));
        } else if (!backend.equals("off")) {
            check(out, () -> CidrPrefix.parse(env.getProperty("swanledger.routing.campus", "")));
        }
        try {
            RadiusProperties radius = Binder.get(env).bindOrCreate("swanledger.radius", RadiusProperties.class);
            out.addAll(radius.problems());
        } catch (BindException e) {
            out.add(e.getMessage() + (e.getCause() == null ? "" : ": " + e.getCause().getMessage()));
        }
        return out;
    }

    private static void pool(ConfigurableEnvironment env, List<String> out) {
        Binder binder = Binder.get(env);
        String network = env.getProperty("swanledger.pool.network");
        List<String> ranges = binder.bind("swanledger.pool.ranges", Bindable
                .listOf(String.class)).orElse(List.of());
        List<String> reserved = binder.bind("swanledger.pool.reserved", Bindable
                .listOf(String.class)).orElse(List.of());
        if (network == null || ranges.isEmpty()) {
            out.add("swanledger.pool needs network and ranges, e.g. network: 10.1.0.0/16 and ranges: [10.1.0.10-10.1.255.250]");
            return;
        }
        CidrPrefix prefix;
        try {
            prefix = CidrPrefix.parse(network.trim());
        } catch (InvalidValueException e) {
            out.add("swanledger.pool.network: " + e.getMessage());
            return;
        }
        List<Ipv4Range> parsed = new ArrayList<>();
        for (String r : ranges) {
            try {
                Ipv4Range range = Ipv4Range.parse(r.trim());
                if (!prefix.contains(range)) {
                    out.add("swanledger.pool.ranges: " + range + " is outside " + prefix);
                }
                parsed.add(range);
            } catch (InvalidValueException e) {
                out.add("swanledger.pool.ranges: " + e.getMessage());
            }
        }
        parsed.sort(Comparator.comparing(Ipv4Range::first));
        long total = 0;
        for (int i = 0; i < parsed.size(); i++) {
            if (i > 0 && parsed.get(i - 1).overlaps(parsed.get(i))) {
                out.add("swanledger.pool.ranges: " + parsed.get(i - 1) + " and " + parsed.get(i) + " overlap");
            }
            total += parsed.get(i).size();
        }
        if (total > Ipv4Range.MAX_SIZE) {
            out.add("swanledger.pool.ranges: " + total + " addresses, at most " + Ipv4Range.MAX_SIZE
                    + " in one pool (one gateway hands out at most that many)");
        }
        for (String a : reserved) {
            try {
                Ipv4Address address = Ipv4Address.parse("swanledger.pool.reserved", a.trim());
                if (!prefix.contains(address)) {
                    out.add("swanledger.pool.reserved: " + address + " is outside " + prefix);
                }
            } catch (InvalidValueException e) {
                out.add(e.getMessage());
            }
        }
    }

    private static void check(List<String> out, Runnable parse) {
        try {
            parse.run();
        } catch (InvalidValueException e) {
            out.add(e.getMessage());
        }
    }

    @Override
    public int getOrder() {
        return Ordered.LOWEST_PRECEDENCE;
    }
}
