package io.swanledger.jvici;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * A server charon and a client charon in two namespaces joined by a veth pair; the client logs in
 * with EAP-MSCHAPv2 (server authenticated by PSK, to keep the test free of a PKI) and gets a virtual
 * IP from a pool. The server's VICI events are observed through jvici, with the quirks the gateway
 * relies on: down events carry no {@code up} key; a failed login is a single down in CONNECTING; an
 * IKE rekey is an {@code ike-rekey} with a new unique id and no down for the old SA.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class IkeEventsIntegrationTest {

    static final String SRV = "jvici-srv";
    static final String CLI = "jvici-cli";

    private Charon server;
    private Charon client;
    private ViciClient srvVici;
    private Vici cli;
    private final BlockingQueue<Object[]> events = new LinkedBlockingQueue<>();

    @BeforeAll
    void start() throws Exception {
        if (!Charon.available()) {
            throw new IllegalStateException("these tests need root and " + Charon.BINARY + " (see .ci/run)");
        }
        Charon.namespace(SRV);
        Charon.namespace(CLI);
        Charon.check("ip", "link", "add", "jv-srv", "netns", SRV, "type", "veth", "peer", "name", "jv-cli", "netns", CLI);
        Charon.check("ip", "-n", SRV, "addr", "add", "192.0.2.1/24", "dev", "jv-srv");
        Charon.check("ip", "-n", CLI, "addr", "add", "192.0.2.100/24", "dev", "jv-cli");
        Charon.check("ip", "-n", SRV, "link", "set", "jv-srv", "up");
        Charon.check("ip", "-n", CLI, "link", "set", "jv-cli", "up");
        // kernel-libipsec routes tunnelled traffic over its TUN device and needs a route to start from
        Charon.check("ip", "-n", SRV, "route", "add", "default", "dev", "jv-srv");
        Charon.check("ip", "-n", CLI, "route", "add", "default", "dev", "jv-cli");
        // the server owns an address inside its local traffic selector (the lab VLAN side), as in the lab
        Charon.check("ip", "-n", SRV, "addr", "add", "10.2.0.253/32", "dev", "lo");
        server = Charon.start(SRV, "");
        client = Charon.start(CLI, "");
        srvVici = ViciClient.connect(server.socket);
        Vici srv = new Vici(srvVici);
        cli = new Vici(ViciClient.connect(client.socket));

        Vici.checked("load-pool", srvVici.request("load-pool",
                ViciMessage.builder().section("clients", p -> p.put("addrs", "10.1.0.10-10.1.0.20")).build()));
        srv.loadConn("rw", serverConnection("eap-mschapv2", "eap_id", "%any"));
        // mallory logs in with EAP-MD5, which has no retries: a wrong secret ends the login at once,
        // as an EAP-Failure relayed from RADIUS does in production
        srv.loadConn("rw-md5", serverConnection("eap-md5", "id", "mallory@654321"));
        shared(srvVici, "eap", "mallorys-real-secret", "mallory@654321");
        shared(srvVici, "ike", "psk-secret", "vpn.test", "%any");
        shared(srvVici, "eap", "alice-pass", "alice@123456");
        for (String[] who : new String[][] {{"alice", "alice@123456", "alice@123456", "eap-mschapv2"},
                {"alice-ipid", "192.0.2.100", "alice@123456", "eap-mschapv2"}, {"mallory", "mallory@654321", "mallory@654321", "eap-md5"}}) {
            cli.loadConn(who[0], ViciMessage.builder()
                    .put("version", 2).list("remote_addrs", "192.0.2.1").list("vips", "0.0.0.0")
                    .section("local", l -> l.put("auth", who[3]).put("id", who[1]).put("eap_id", who[2]))
                    .section("remote", r -> r.put("auth", "psk").put("id", "vpn.test"))
                    .section("children", ch -> ch.section(who[0], c -> c.list("remote_ts", "10.2.0.0/16")))
                    .build());
        }
        ViciClient cliClient = cli.client();
        shared(cliClient, "ike", "psk-secret", "vpn.test");
        shared(cliClient, "eap", "alice-pass", "alice@123456");
        shared(cliClient, "eap", "mallorys-wrong-guess", "mallory@654321");

        for (String e : List.of("ike-updown", "child-updown", "ike-rekey")) {
            srvVici.subscribe(e, (name, m, at) -> events.add(new Object[] {name, m, at}));
        }
    }

    /** The server side of a road-warrior connection: PSK for the server, {@code eap} for the client. */
    static ViciMessage serverConnection(String eap, String remoteKey, String remoteValue) {
        return ViciMessage.builder()
                .put("version", 2).list("local_addrs", "192.0.2.1").list("pools", "clients")
                .section("local", l -> l.put("auth", "psk").put("id", "vpn.test"))
                .section("remote", r -> r.put("auth", eap).put(remoteKey, remoteValue))
                .section("children", ch -> ch.section("lab", c -> c.list("local_ts", "10.2.0.0/16")))
                .build();
    }

    static void shared(ViciClient c, String type, String secret, String... owners) throws ViciException {
        ViciMessage r = c.request("load-shared", ViciMessage.builder().put("type", type).put("data", secret)
                .list("owners", owners).build());
        Vici.checked("load-shared", r);
    }

    @AfterAll
    void stop() throws Exception {
        for (AutoCloseable c : new AutoCloseable[] {srvVici, cli == null ? null : cli.client(), client, server}) {
            if (c != null) {
                c.close();
            }
        }
        Charon.deleteNamespace(SRV);
        Charon.deleteNamespace(CLI);
    }

    @BeforeEach
    void drain() {
        events.clear();
    }

    /** Whatever a test left up is torn down, and its events are waited out. */
    @AfterEach
    void tearDownSas() throws Exception {
        for (IkeSa sa : cli.listSas()) {
            cli.terminate(Vici.Target.ikeId(sa.uniqueId()), Duration.ofSeconds(5), true);
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!new Vici(srvVici).listSas().isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        Thread.sleep(200);
        events.clear();
    }

    Object[] next(String name) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
        while (System.nanoTime() < deadline) {
            Object[] e = events.poll(100, TimeUnit.MILLISECONDS);
            if (e != null && e[0].equals(name)) {
                return e;
            }
        }
        throw new AssertionError("no " + name + " event within 15 s");
    }

    List<Object[]> quietFor(Duration d) throws InterruptedException {
        List<Object[]> seen = new ArrayList<>();
        Thread.sleep(d.toMillis());
        events.drainTo(seen);
        return seen;
    }

    @Test
    void observesALoginAndALogout() throws Exception {
        Instant before = Instant.now();
        cli.initiate("alice", "alice", Duration.ofSeconds(10));
        Object[] up = next("ike-updown");
        IkeUpdown u = IkeUpdown.of((ViciMessage) up[1], (Instant) up[2]);
        assertTrue(u.up());
        assertEquals("rw", u.sa().name());
        assertEquals("ESTABLISHED", u.sa().state());
        assertEquals("alice@123456", u.sa().remoteId());
        assertNull(u.sa().remoteEapId(), "no remote-eap-id when it equals the IKE identity");
        assertEquals(List.of("10.1.0.10"), u.sa().remoteVips());
        assertFalse(u.receivedAt().isBefore(before));
        ViciMessage childUp = (ViciMessage) next("child-updown")[1];
        assertEquals("yes", childUp.string("up"));

        List<IkeSa> sas = new Vici(srvVici).listSas();
        assertEquals(1, sas.size());
        assertEquals(u.sa().uniqueId(), sas.get(0).uniqueId());
        assertEquals("lab", sas.get(0).children().get(0).name());

        cli.terminate(Vici.Target.ike("alice"), Duration.ofSeconds(10), false);
        Object[] down = next("ike-updown");
        ViciMessage downMsg = (ViciMessage) down[1];
        assertFalse(downMsg.has("up"), "down events carry no up key: " + downMsg);
        IkeUpdown d = IkeUpdown.of(downMsg, (Instant) down[2]);
        assertFalse(d.up());
        assertFalse(d.failedLogin());
        assertEquals(u.sa().uniqueId(), d.sa().uniqueId());
    }

    @Test
    void reportsTheEapIdentityOnlyWhenItDiffersFromTheIkeIdentity() throws Exception {
        cli.initiate("alice-ipid", "alice-ipid", Duration.ofSeconds(10));
        IkeUpdown u = IkeUpdown.of((ViciMessage) next("ike-updown")[1], Instant.now());
        assertEquals("192.0.2.100", u.sa().remoteId());
        assertEquals("alice@123456", u.sa().remoteEapId());
        cli.terminate(Vici.Target.ike("alice-ipid"), Duration.ofSeconds(10), false);
        next("ike-updown");
    }

    @Test
    void seesAFailedLoginAsASingleDownInConnecting() throws Exception {
        assertThrows(ViciCommandException.class, () -> cli.initiate("mallory", "mallory", Duration.ofSeconds(10)));
        IkeUpdown d = IkeUpdown.of((ViciMessage) next("ike-updown")[1], Instant.now());
        assertFalse(d.up());
        assertTrue(d.failedLogin(), d.sa().state());
        assertTrue(quietFor(Duration.ofMillis(500)).stream().noneMatch(e -> e[0].equals("ike-updown")), "only one down");
    }

    @Test
    void seesAnIkeRekeyAsANewUniqueIdWithoutADown() throws Exception {
        cli.initiate("alice", "alice", Duration.ofSeconds(10));
        IkeUpdown up = IkeUpdown.of((ViciMessage) next("ike-updown")[1], Instant.now());
        next("child-updown");
        Vici.checked("rekey", cli.client().request("rekey", ViciMessage.builder().put("ike", "alice").put("reauth", false).build()));
        ViciMessage rekey = (ViciMessage) next("ike-rekey")[1];
        ViciMessage sa = rekey.section("rw");
        long oldId = sa.section("old").longValue("uniqueid");
        long newId = sa.section("new").longValue("uniqueid");
        assertEquals(up.sa().uniqueId(), oldId);
        assertNotEquals(oldId, newId);
        assertTrue(quietFor(Duration.ofMillis(500)).stream().noneMatch(e -> e[0].equals("ike-updown")), "no down for the old SA");
        cli.terminate(Vici.Target.ike("alice"), Duration.ofSeconds(10), false);
        assertEquals(newId, IkeUpdown.of((ViciMessage) next("ike-updown")[1], Instant.now()).sa().uniqueId());
    }
}
