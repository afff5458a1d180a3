package io.swanledger.radius;

import io.swanledger.it.Scratch;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.swanledger.api.net.Ipv4Address;
import io.swanledger.it.GatewayProcess;
import io.swanledger.it.Stores;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * Group commit and a crash: the gateway (a JVM of its own, PostgreSQL) takes logins from 24 NAS
 * connections at once, so that its authorizations are committed in groups, and is killed with
 * SIGKILL in the middle. Every Access-Accept that left it (an address and its session in the Class)
 * must be in the store after the crash, with that address: an answer is sent only once its group is
 * committed. And no address is in two live sessions.
 */
class GroupCommitCrashTest {

    private static final String SECRET = "nas-secret-group-crash-0123";

    /**
     * A gateway of its own JVM with a pool of 65,534 addresses, taking logins from a NAS on loopback
     * with {@code secret} and relaying them to an accept-only FreeRADIUS at {@code upstreamPort}; no
     * tunnel comes up in these workloads, so the establish deadline is an hour.
     */
    static String[] acceptingGateway(String id, int authPort, int upstreamPort, String secret) {
        return new String[] {"swanledger.gateway.id=" + id,
                "swanledger.pool.network=10.8.0.0/16",
                "swanledger.pool.ranges=10.8.0.1-10.8.255.254",
                "swanledger.radius.auth-port=" + authPort,
                "swanledger.radius.acct-port=" + FreeRadius.freeUdpPort(),
                "swanledger.radius.clients[0].address=127.0.0.1",
                "swanledger.radius.clients[0].secret=" + secret,
                "swanledger.radius.upstreams[0].address=127.0.0.1",
                "swanledger.radius.upstreams[0].port=" + upstreamPort,
                "swanledger.radius.upstreams[0].secret=" + secret,
                "swanledger.session.establish-timeout=1h"};
    }

    @Test
    void everyAcceptThatLeftTheGatewayBeforeTheCrashIsInTheStore() throws Exception {
        Path dir = Scratch.directory("swanledger-group-crash-");
        Stores stores = Stores.fresh(Stores.Kind.POSTGRESQL);
        int auth = FreeRadius.freeUdpPort();
        Map<String, Integer> accepted = new ConcurrentHashMap<>();
        try (FreeRadius upstream = FreeRadius.acceptOnly(dir.resolve("upstream"), SECRET);
             GatewayProcess gateway = GatewayProcess.start(stores, dir, "gateway",
                     acceptingGateway("vpn-group", auth, upstream.port, SECRET))) {
            InetSocketAddress at = new InetSocketAddress("127.0.0.1", auth);
            AtomicBoolean crashed = new AtomicBoolean();
            AtomicInteger next = new AtomicInteger();
            List<Thread> nases = new ArrayList<>();
            for (int n = 0; n < 24; n++) {
                Thread t = new Thread(() -> {
                    try (NasClient nas = new NasClient("127.0.0.1", at)) {
                        nas.timeout(3000);
                        while (!crashed.get()) {
                            int i = next.incrementAndGet();
                            byte[] reply = nas.exchange(nas.accessRequest(NasClient.strongSwanFirstRound(
                                    ("crash-" + i).getBytes(StandardCharsets.UTF_8), "1795785690-" + i, i), SECRET));
                            Integer address = reply == null ? null : LoadGenerator.framedAddress(reply);
                            if (address != null) {
                                String session = null;
                                for (Wire.Attr a : Wire.attributes(reply)) {
                                    if (a.type() == Wire.CLASS) {
                                        session = a.text();
                                    }
                                }
                                accepted.put(session, address);
                            }
                        }
                    }
                });
                t.start();
                nases.add(t);
            }
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (accepted.size() < 1_500 && System.nanoTime() < deadline) {
                Thread.sleep(5);
            }
            gateway.kill();
            crashed.set(true);
            for (Thread t : nases) {
                t.join();
            }
        }
        try (Stores.Gateway reader = stores.start("reader", "swanledger.command-side.enabled=false")) {
            assertTrue(accepted.size() >= 1_500, "the gateway answered " + accepted.size() + " logins before the crash");
            Map<String, String> stored = new ConcurrentHashMap<>();
            reader.jdbc().query("select aggregate_identifier, payload from domain_event_entry where payload_type = "
                    + "'io.swanledger.api.session.AddressAssigned'", rs -> {
                        String json = new String(rs.getBytes(2), StandardCharsets.UTF_8);
                        var m = java.util.regex.Pattern.compile("\"address\":\"([0-9.]+)\"").matcher(json);
                        stored.put(rs.getString(1), m.find() ? m.group(1) : "?");
                    });
            List<String> missing = new ArrayList<>();
            accepted.forEach((session, address) -> {
                String expected = Ipv4Address.ofBytes(java.nio.ByteBuffer.allocate(4).putInt(address).array()).toString();
                if (!expected.equals(stored.get(session))) {
                    missing.add(session + " " + expected + " (stored: " + stored.get(session) + ")");
                }
            });
            assertEquals(List.of(), missing, "answered before the crash, but not in the store as answered");
            assertEquals(stored.size(), stored.values().stream().distinct().count(), "an address in two live sessions");
        } finally {
            stores.drop();
        }
    }
}
