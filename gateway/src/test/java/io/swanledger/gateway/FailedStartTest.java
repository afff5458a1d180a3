package io.swanledger.gateway;

import io.swanledger.it.Scratch;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.swanledger.it.GatewayProcess;
import io.swanledger.it.Stores;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A gateway whose configuration cannot work exits non-zero within seconds, saying why in one place
 * and listing every problem, instead of retrying or lingering as a process that does nothing.
 */
class FailedStartTest {

    private static final Duration LIMIT = Duration.ofSeconds(10);

    /** A working configuration with {@code overrides} replacing its values (the same key twice would be joined). */
    private static List<String> valid(String... overrides) {
        Map<String, String> m = new LinkedHashMap<>();
        for (String kv : List.of("swanledger.gateway.id=vpn-bad",
                "swanledger.pool.network=10.1.0.0/24", "swanledger.pool.ranges=10.1.0.10-10.1.0.250",
                "swanledger.radius.auth-port=0", "swanledger.radius.acct-port=0",
                "swanledger.radius.clients[0].address=127.0.0.1", "swanledger.radius.clients[0].secret=unused-in-this-test",
                "swanledger.radius.upstreams[0].address=127.0.0.1", "swanledger.radius.upstreams[0].port=9",
                "swanledger.radius.upstreams[0].secret=unused-in-this-test")) {
            m.put(kv.substring(0, kv.indexOf('=')), kv);
        }
        for (String kv : overrides) {
            m.put(kv.substring(0, kv.indexOf('=')), kv);
        }
        return new ArrayList<>(m.values());
    }

    @Test
    void aPoolOfAHundredThousandAddressesExitsAtOnceWithTheReason() throws Exception {
        Path dir = Scratch.directory("swanledger-failed-");
        GatewayProcess.Exit e = GatewayProcess.runToExit(Stores.fresh(Stores.Kind.H2), dir, "pool", LIMIT,
                valid("swanledger.pool.network=10.0.0.0/8",
                        "swanledger.pool.ranges=10.1.0.1-10.1.195.80,10.2.0.1-10.2.195.80").toArray(String[]::new));
        assertTrue(e.status() > 0, "exited non-zero within " + LIMIT + " (ran " + e.ran() + "):\n" + e.output());
        assertTrue(e.output().contains("100000 addresses, at most 65536 in one pool"), e.output());
    }

    @Test
    void malformedSettingsAreListedTogetherAndTheGatewayExits() throws Exception {
        Path dir = Scratch.directory("swanledger-failed-");
        GatewayProcess.Exit e = GatewayProcess.runToExit(Stores.fresh(Stores.Kind.H2), dir, "settings", LIMIT,
                valid("swanledger.routing.backend=false", "swanledger.pool.ranges=10.1.0.10-10.1.9.250",
                        "swanledger.radius.clients[0].address=not-an-address").toArray(String[]::new));
        assertTrue(e.status() > 0, "exited non-zero within " + LIMIT + " (ran " + e.ran() + "):\n" + e.output());
        assertTrue(e.output().contains("the configuration has 3 problems"), e.output());
        assertTrue(e.output().contains("write backend: \"off\""), "a hint for YAML's off: " + e.output());
        assertTrue(e.output().contains("is outside 10.1.0.0/24"), e.output());
        assertTrue(e.output().contains("swanledger.radius.clients[0].address"), e.output());
        assertEquals(1, e.output().lines().filter(l -> l.contains("the start failed")).count(), "said once:\n" + e.output());
    }
}
