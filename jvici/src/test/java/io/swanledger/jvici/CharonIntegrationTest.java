package io.swanledger.jvici;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** jvici against a real charon (Debian's strongswan 5.9), started in a namespace of its own. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CharonIntegrationTest {

    static final String NS = "jvici-it";

    private Charon charon;
    private ViciClient client;
    private Vici vici;

    @BeforeAll
    void start() throws Exception {
        if (!Charon.available()) {
            throw new IllegalStateException("these tests need root and " + Charon.BINARY + " (apt-get install strongswan-charon; see .ci/run)");
        }
        Charon.namespace(NS);
        charon = Charon.start(NS, "");
        client = ViciClient.connect(charon.socket);
        vici = new Vici(client);
    }

    @AfterAll
    void stop() throws Exception {
        if (client != null) {
            client.close();
        }
        if (charon != null) {
            charon.close();
        }
        Charon.deleteNamespace(NS);
    }

    static ViciMessage connection(String remote) {
        return ViciMessage.builder()
                .put("version", 2)
                .list("remote_addrs", remote)
                .list("pools", "radius")
                .section("local", l -> l.put("auth", "psk").put("id", "vpn.test"))
                .section("remote", r -> r.put("auth", "eap-mschapv2").put("eap_id", "%any"))
                .section("children", ch -> ch.section("lab", c -> c.list("local_ts", "10.2.0.0/16")))
                .build();
    }

    @Test
    void readsTheDaemonsVersion() throws Exception {
        Vici.Version v = vici.version();
        assertEquals("charon", v.daemon());
        assertTrue(v.version().startsWith("5."), v.version());
        assertEquals("Linux", v.sysname());
    }

    @Test
    void readsStatistics() throws Exception {
        ViciMessage stats = vici.stats();
        assertTrue(stats.section("uptime").has("since"), stats.toString());
        assertTrue(stats.section("ikesas").optLong("total").isPresent(), stats.toString());
        assertTrue(stats.strings("plugins").contains("vici"), stats.toString());
    }

    @Test
    void loadsListsAndUnloadsAConnection() throws Exception {
        vici.loadConn("rw-test", connection("0.0.0.0/0"));
        assertTrue(vici.connectionNames().contains("rw-test"));
        List<ViciMessage> conns = vici.listConns();
        ViciMessage conn = conns.stream().filter(c -> c.has("rw-test")).findFirst().orElseThrow().section("rw-test");
        assertEquals(List.of("0.0.0.0/0"), conn.strings("remote_addrs"));
        assertEquals("IKEv2", conn.string("version"));
        assertTrue(conn.section("children").has("lab"), conn.toString());
        vici.unloadConn("rw-test");
        assertFalse(vici.connectionNames().contains("rw-test"));
    }

    @Test
    void reportsCharonsRefusalWithItsMessage() throws Exception {
        ViciCommandException e = assertThrows(ViciCommandException.class, () -> vici.unloadConn("no-such-conn"));
        assertTrue(e.getMessage().startsWith("unload-conn failed: "), e.getMessage());
        assertTrue(e.getMessage().contains("no-such-conn"), e.getMessage());
    }

    @Test
    void saysWhenACommandIsUnknown() {
        ViciCommandException e = assertThrows(ViciCommandException.class, () -> client.request("no-such-command", ViciMessage.EMPTY));
        assertEquals("charon does not know the command 'no-such-command'", e.getMessage());
    }

    @Test
    void saysWhenAnEventIsUnknown() {
        assertThrows(ViciCommandException.class, () -> client.subscribe("no-such-event", (n, m, t) -> { }));
    }

    @Test
    void listsNoSasWhenNothingIsConnectedAndKeepsWorkingAfterwards() throws Exception {
        assertEquals(List.of(), vici.listSas());
        assertEquals("charon", vici.version().daemon());
    }

    @Test
    void terminatingAnUnknownSaFails() {
        ViciCommandException e = assertThrows(ViciCommandException.class,
                () -> vici.terminate(Vici.Target.ikeId(999_999), Duration.ofMillis(500), false));
        assertTrue(e.getMessage().startsWith("terminate failed"), e.getMessage());
    }

    @Test
    void reloadsSettingsAndReadsPools() throws Exception {
        vici.reloadSettings();
        assertNotNull(vici.getPools(true));
    }

    @Test
    void deliversLogEventsWithAReceiveTimestamp() throws Exception {
        BlockingQueue<ViciMessage> logs = new LinkedBlockingQueue<>();
        java.time.Instant before = java.time.Instant.now();
        java.util.concurrent.atomic.AtomicReference<java.time.Instant> stamp = new java.util.concurrent.atomic.AtomicReference<>();
        try (ViciClient.Subscription s = client.subscribe("log", (event, m, at) -> {
            stamp.compareAndSet(null, at);
            logs.add(m);
        })) {
            vici.loadConn("log-test", connection("192.0.2.50"));
            ViciMessage line = null;
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (System.nanoTime() < deadline) {
                ViciMessage m = logs.poll(100, TimeUnit.MILLISECONDS);
                if (m != null && m.optString("msg").orElse("").contains("log-test")) {
                    line = m;
                    break;
                }
            }
            assertNotNull(line, "a log event naming the new connection");
            assertTrue(line.has("group") && line.has("level"), line.toString());
            assertFalse(stamp.get().isBefore(before));
        } finally {
            vici.unloadConn("log-test");
        }
    }

    @Test
    void runsTheReadmeExample() throws Exception {
        ReadmeExample.example(charon.socket);
        assertEquals("charon", vici.version().daemon(), "the shared client is unaffected");
    }

    @Test
    void failsClearlyWhenCharonIsAbsent() {
        ViciConnectionException e = assertThrows(ViciConnectionException.class,
                () -> ViciClient.connect(Path.of("/nonexistent/charon.vici")));
        assertTrue(e.getMessage().startsWith("charon is not reachable: no VICI socket at /nonexistent/charon.vici"), e.getMessage());
    }
}
