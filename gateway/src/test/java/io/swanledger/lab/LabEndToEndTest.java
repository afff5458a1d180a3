package io.swanledger.lab;

import io.swanledger.it.Scratch;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.swanledger.api.identity.AuthMethod;
import io.swanledger.api.identity.GatewayId;
import io.swanledger.api.identity.SessionId;
import io.swanledger.api.pool.AddressReleased;
import io.swanledger.api.session.AddressAssigned;
import io.swanledger.api.session.ClientEndpointChanged;
import io.swanledger.api.session.CloseReason;
import io.swanledger.api.session.IkeSaRekeyed;
import io.swanledger.api.session.SessionAuthorized;
import io.swanledger.api.session.SessionClosed;
import io.swanledger.api.session.SessionEstablished;
import io.swanledger.api.session.VlanRouteDenied;
import io.swanledger.api.session.VlanRouteGranted;
import io.swanledger.api.session.VlanRouteRevoked;
import io.swanledger.gateway.GatewayApplication;
import io.swanledger.it.Stores;
import io.swanledger.lab.Lab.Client;
import io.swanledger.radius.FreeRadius;
import io.swanledger.radius.RadiusCounters;
import io.swanledger.radius.RadiusFront;
import io.swanledger.vici.StrongSwanLink;
import io.swanledger.vlan.AccessListExport;
import java.io.StringReader;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventsourcing.eventstore.DomainEventStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;

/**
 * The whole chain, all real: strongSwan clients in their own namespaces dial a strongSwan server
 * (eap-radius, kernel-libipsec), which asks the gateway, which asks FreeRADIUS; the gateway follows
 * charon over VICI, records everything in PostgreSQL and routes listed users into the lab VLAN inside
 * the server's namespace. What the lab host receives is counted in the lab's own namespace.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class LabEndToEndTest {

    private static final GatewayId GW = GatewayId.of("vpn-lab");
    private static final String NAS_SECRET = "lab-nas-secret";
    private static final String LIST = "vlan 123456 lab0 10.2.0.0/24 10.2.0.254 - -\n";
    private static final String BOTH_LISTED = LIST + "pair alice@123456\npair carol@123456\n";

    private FreeRadius aaa;
    private Lab lab;
    private Stores stores;
    private int authPort;
    private int acctPort;
    private Client alice;
    private Client bob;
    private Client carol;

    @BeforeAll
    void start() throws Exception {
        assumeTrue(Lab.available(), "needs root and strongswan-charon");
        aaa = FreeRadius.mschapv2(Scratch.directory("swanledger-aaa-"), "aaa-secret", """
                alice@123456\tCleartext-Password := "alice-pass"
                bob@123456\tCleartext-Password := "bob-pass"
                carol@123456\tCleartext-Password := "carol-pass"
                """);
        lab = Lab.create(3);
        authPort = freeUdpPort(lab.radiusAddress);
        acctPort = freeUdpPort(lab.radiusAddress);
        lab.startServer(authPort, acctPort, NAS_SECRET);
        alice = lab.prepareClient(1, "alice@123456", "alice-pass");
        bob = lab.prepareClient(2, "bob@123456", "bob-pass");
        carol = lab.prepareClient(3, "carol@123456", "carol-pass");
        stores = Stores.fresh(Stores.Kind.POSTGRESQL);
    }

    @AfterAll
    void stop() {
        if (lab != null) {
            lab.close();
        }
        if (aaa != null) {
            aaa.close();
        }
        if (stores != null) {
            stores.drop();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"ip-rule", "nft-set"})
    void routesAListedUserOnlyClosesEachSessionOnceAndLetsAnOperatorTerminate(String backend) throws Exception {
        String hash = new BCryptPasswordEncoder().encode("jdoe-pass");
        List<String> props = new ArrayList<>(gatewayProperties(backend));
        props.addAll(List.of("server.port=0", "swanledger.admin.users[0].name=noc-jdoe",
                "swanledger.admin.users[0].password={bcrypt}" + hash, "swanledger.admin.users[0].roles[0]=OPERATOR"));
        try (Stores.Gateway gw = stores.start(GatewayApplication.class, "vpn-lab", props.toArray(String[]::new))) {
            importList(gw, BOTH_LISTED);
            RadiusCounters counters = gw.context().getBean(RadiusFront.class).counters();
            StrongSwanLink link = gw.context().getBean(StrongSwanLink.class);
            await(link::connected, "the VICI link is up", 10);

            // alice@123456 is listed: pool address, route, SNAT into the lab
            lab.connect(alice);
            String aliceIp = lab.virtualIp(alice);
            Open a = await(() -> open(gw, "alice").filter(Open::established), "alice's session is established");
            assertEquals(aliceIp, a.address());
            await(() -> routed(backend, aliceIp), "alice's route is in the kernel");
            long snat = lab.arrived("snat");
            assertTrue(pingSoon(alice), "alice reaches the lab host");
            assertTrue(lab.arrived("snat") > snat, "the lab host sees alice's ping from the SNAT address");
            assertEquals(0, lab.arrived("unnatted"), "no client address reaches the lab");

            // a rekeyed IKE_SA is the same session under a new unique id
            lab.rekey(alice);
            IkeSaRekeyed rekeyed = await(() -> events(gw, a.id()).stream().filter(e -> e instanceof IkeSaRekeyed)
                    .map(IkeSaRekeyed.class::cast).findFirst(), "alice's IKE_SA rekey is recorded");
            assertTrue(rekeyed.ikeUniqueId() > rekeyed.previousIkeUniqueId(), rekeyed.toString());
            assertTrue(pingSoon(alice), "alice still reaches the lab host after the rekey");

            // bob@123456 is not listed: ordinary access, the denial recorded, no route
            lab.connect(bob);
            String bobIp = lab.virtualIp(bob);
            Open b = await(() -> open(gw, "bob").filter(Open::established), "bob's session is established");
            assertTrue(events(gw, b.id()).stream().anyMatch(e -> e instanceof VlanRouteDenied d
                    && d.reason() == VlanRouteDenied.Reason.PAIR_NOT_LISTED), "bob's route denial is recorded");
            assertFalse(routed(backend, bobIp), "bob has no lab route");
            long beforeBob = lab.arrived("snat");
            assertFalse(lab.ping(bob), "bob does not reach the lab host");
            assertEquals(beforeBob, lab.arrived("snat"));

            // alice disconnects: accounting Stop and VICI down both arrive; one close
            long stops = counters.get(RadiusCounters.Counter.ACCOUNTING_STOP);
            long viciEvents = link.eventsReceived();
            lab.disconnect(alice);
            await(() -> counters.get(RadiusCounters.Counter.ACCOUNTING_STOP) > stops && link.eventsReceived() > viciEvents,
                    "both the accounting Stop and the VICI down arrived", 10);
            await(() -> !routed(backend, aliceIp), "alice's route is removed");
            await(() -> released(gw, a.id()), "alice's address is released");
            List<Object> history = events(gw, a.id());
            assertEquals(1, history.stream().filter(e -> e instanceof SessionClosed).count(), "closed once: " + history);
            assertEquals(List.of(SessionAuthorized.class, AddressAssigned.class, VlanRouteGranted.class,
                    SessionEstablished.class, SessionClosed.class), lifecycle(history), "events in order");

            lab.disconnect(bob);
            await(() -> released(gw, b.id()), "bob's address is released");
            assertEquals(1, events(gw, b.id()).stream().filter(e -> e instanceof SessionClosed).count());

            // an operator terminates carol's session
            lab.connect(carol);
            String carolIp = lab.virtualIp(carol);
            Open c = await(() -> open(gw, "carol").filter(Open::established), "carol's session is established");
            await(() -> routed(backend, carolIp), "carol's route is in the kernel");
            int port = Integer.parseInt(gw.context().getEnvironment().getProperty("local.server.port"));
            assertEquals(401, terminate(port, c.id(), null), "no credentials, no terminate");
            assertEquals(401, terminate(port, c.id(), "noc-jdoe:wrong"), "wrong password, no terminate");
            assertEquals(400, terminate(port, "not a session id", "noc-jdoe:jdoe-pass"));
            assertEquals(200, terminate(port, c.id(), "noc-jdoe:jdoe-pass"));
            SessionClosed closed = (SessionClosed) events(gw, c.id()).stream().filter(e -> e instanceof SessionClosed)
                    .findFirst().orElseThrow();
            assertEquals(CloseReason.ADMIN, closed.reason());
            assertEquals("noc-jdoe", closed.requestedBy());
            await(() -> !lab.serverSas().contains("carol@123456"), "charon deleted carol's IKE_SA");
            await(() -> !routed(backend, carolIp), "carol's route is removed");
            assertEquals(404, terminate(port, c.id(), "noc-jdoe:jdoe-pass"), "a closed session cannot be terminated");

            // what an operator checks first
            assertEquals(401, get(port, "/api/status", null).statusCode());
            HttpResponse<String> status = get(port, "/api/status", "noc-jdoe:jdoe-pass");
            assertEquals(200, status.statusCode());
            assertTrue(status.body().contains("\"connected\":true") && status.body().contains("\"backend\":\"" + backend + "\"")
                    && status.body().contains("\"accounting-stop\":"), status.body());
            await(() -> released(gw, c.id()), "carol's address is released");
            assertEquals(1, events(gw, c.id()).stream().filter(e -> e instanceof SessionClosed).count());
        }
    }

    @Test
    void aGatewayKilledWithTwoClientsConnectedRecoversFromTheHistoryAndStrongSwan() throws Exception {
        Process gateway = null;
        try (Stores.Gateway reader = stores.start("lab-reader")) {
            importList(reader, BOTH_LISTED);
            gateway = launch("nft-set", 1);
            lab.connect(alice);
            lab.connect(carol);
            String aliceIp = lab.virtualIp(alice);
            String carolIp = lab.virtualIp(carol);
            Open a = await(() -> open(reader, "alice").filter(Open::established), "alice's session is established");
            Open c = await(() -> open(reader, "carol").filter(Open::established), "carol's session is established");
            await(() -> routed("nft-set", aliceIp) && routed("nft-set", carolIp), "both are routed");

            gateway.destroyForcibly(); // SIGKILL
            assertTrue(gateway.waitFor(10, TimeUnit.SECONDS));
            lab.disconnect(carol);
            // let charon give up on the Stop it cannot deliver
            Thread.sleep(5_000);
            gateway = launch("nft-set", 2);

            await(() -> events(reader, c.id()).stream().anyMatch(e -> e instanceof SessionClosed), "carol's session is closed", 30);
            SessionClosed closed = (SessionClosed) events(reader, c.id()).stream().filter(e -> e instanceof SessionClosed)
                    .findFirst().orElseThrow();
            assertEquals(CloseReason.RECONCILED, closed.reason());
            await(() -> released(reader, c.id()), "carol's address is released");
            await(() -> !routed("nft-set", carolIp), "no stale route for carol");
            assertTrue(routed("nft-set", aliceIp), "alice is still routed");
            assertTrue(pingSoon(alice), "alice still reaches the lab host");
            assertFalse(events(reader, a.id()).stream().anyMatch(e -> e instanceof SessionClosed), "alice's session is live");

            // the campus list drops alice's pair while she is connected
            importList(reader, LIST + "pair carol@123456\n");
            await(() -> !routed("nft-set", aliceIp), "alice's route is removed within 5 s", 5);
            assertTrue(events(reader, a.id()).stream().anyMatch(e -> e instanceof VlanRouteRevoked));
            lab.disconnect(alice);
            await(() -> released(reader, a.id()), "alice's address is released");
        } finally {
            if (gateway != null) {
                gateway.destroy();
                gateway.waitFor(20, TimeUnit.SECONDS);
            }
        }
    }

    @Test
    void followsTheTunnelFromViciAloneWhenStrongSwanSendsNoAccounting() throws Exception {
        lab.stopServer();
        lab.startServer(authPort, acctPort, NAS_SECRET, false);
        try (Stores.Gateway gw = stores.start(GatewayApplication.class, "vpn-lab",
                gatewayProperties("nft-set").toArray(String[]::new))) {
            importList(gw, BOTH_LISTED);
            StrongSwanLink link = gw.context().getBean(StrongSwanLink.class);
            RadiusCounters counters = gw.context().getBean(RadiusFront.class).counters();
            await(link::connected, "the VICI link is up", 10);
            lab.connect(alice);
            String aliceIp = lab.virtualIp(alice);
            Open a = await(() -> open(gw, "alice").filter(Open::established), "ike-updown up establishes alice's session");
            assertTrue(events(gw, a.id()).stream().anyMatch(e -> e instanceof SessionEstablished est
                    && est.source().equals("vici") && est.ikeUniqueId() > 0), "established by VICI");
            await(() -> routed("nft-set", aliceIp), "alice is routed");
            lab.disconnect(alice);
            await(() -> released(gw, a.id()), "ike-updown down closes her session and releases her address");
            SessionClosed closed = (SessionClosed) events(gw, a.id()).stream().filter(e -> e instanceof SessionClosed)
                    .findFirst().orElseThrow();
            assertEquals(CloseReason.DISCONNECTED, closed.reason());
            await(() -> !routed("nft-set", aliceIp), "her route is removed");
            assertEquals(0, counters.get(RadiusCounters.Counter.ACCOUNTING_REQUESTS), "no accounting was involved");
        } finally {
            lab.stopServer();
            lab.startServer(authPort, acctPort, NAS_SECRET, true);
        }
    }

    @Test
    void recordsTheNewEndpointOfARealClientThatRoamsWithMobike() throws Exception {
        try (Stores.Gateway gw = stores.start(GatewayApplication.class, "vpn-lab",
                gatewayProperties("nft-set").toArray(String[]::new))) {
            StrongSwanLink link = gw.context().getBean(StrongSwanLink.class);
            await(link::connected, "the VICI link is up", 10);
            lab.connect(bob);
            Open b = await(() -> open(gw, "bob").filter(Open::established), "bob's session is up");
            String moved = lab.moveClient(bob);
            ClientEndpointChanged roam = await(() -> events(gw, b.id()).stream()
                    .filter(ClientEndpointChanged.class::isInstance).map(ClientEndpointChanged.class::cast).findFirst(),
                    "the roam to " + moved + " is recorded", 30);
            assertEquals(moved, roam.current().address());
            assertEquals("198.18.2.2", roam.previous().address());
            lab.disconnect(bob);
            await(() -> released(gw, b.id()), "bob's session closes after the roam as before");
        } finally {
            lab.moveBack(bob);
        }
    }

    @Test
    void waitsForACharonThatStartsAfterTheGateway() throws Exception {
        lab.stopServer();
        try (Stores.Gateway gw = stores.start(GatewayApplication.class, "vpn-lab",
                gatewayProperties("off").toArray(String[]::new))) {
            StrongSwanLink link = gw.context().getBean(StrongSwanLink.class);
            Thread.sleep(1_500);
            assertFalse(link.connected(), "no charon yet");
            lab.startServer(authPort, acctPort, NAS_SECRET, true);
            await(link::connected, "the link comes up once charon does", 20);
            await(() -> link.status().toString().contains("sas=0"), "and it compares the history with list-sas", 10);
        } finally {
            if (!lab.serverCharon.isAlive()) {
                lab.startServer(authPort, acctPort, NAS_SECRET, true);
            }
        }
    }

    @Test
    void closesTheSessionsOfACrashedCharonWhenItComesBack() throws Exception {
        try (Stores.Gateway gw = stores.start(GatewayApplication.class, "vpn-lab",
                gatewayProperties("nft-set").toArray(String[]::new))) {
            importList(gw, BOTH_LISTED);
            StrongSwanLink link = gw.context().getBean(StrongSwanLink.class);
            await(link::connected, "the VICI link is up", 10);
            lab.connect(alice);
            String aliceIp = lab.virtualIp(alice);
            Open a = await(() -> open(gw, "alice").filter(Open::established), "alice's session is established");
            await(() -> routed("nft-set", aliceIp), "alice is routed");

            lab.crashAndRestartServer();
            await(() -> released(gw, a.id()), "alice's session is closed and her address released", 30);
            SessionClosed closed = (SessionClosed) events(gw, a.id()).stream().filter(e -> e instanceof SessionClosed)
                    .findFirst().orElseThrow();
            assertEquals(CloseReason.RECONCILED, closed.reason(), closed.toString());
            await(() -> !routed("nft-set", aliceIp), "her route is removed");
            assertTrue(link.connected(), "the VICI link is back");
        } finally {
            lab.forget(alice);
        }
    }

    @Test
    void adoptsAnEstablishedSaTheHistoryDoesNotKnow() throws Exception {
        Stores other = Stores.fresh(Stores.Kind.POSTGRESQL);
        try {
            // alice connects through a gateway whose history is then out of reach
            try (Stores.Gateway first = stores.start(GatewayApplication.class, "vpn-lab",
                    gatewayProperties("off").toArray(String[]::new))) {
                importList(first, BOTH_LISTED);
                lab.connect(alice);
                await(() -> open(first, "alice").filter(Open::established), "alice's session is established");
            }
            String aliceIp = lab.virtualIp(alice);
            try (Stores.Gateway reader = other.start("lab-reader")) {
                importList(reader, BOTH_LISTED);
            }
            // a gateway with an empty history finds her SA in list-sas and adopts it
            try (Stores.Gateway gw = other.start(GatewayApplication.class, "vpn-lab",
                    gatewayProperties("nft-set").toArray(String[]::new))) {
                Open adopted = await(() -> open(gw, "alice").filter(Open::established), "alice's SA is adopted", 30);
                assertEquals(aliceIp, adopted.address(), "adopted with the address charon gave her");
                List<Object> history = events(gw, adopted.id());
                SessionAuthorized authorized = (SessionAuthorized) history.get(0);
                assertEquals(AuthMethod.ADOPTED, authorized.authMethod());
                assertTrue(history.stream().anyMatch(e -> e instanceof SessionEstablished est
                        && est.source().equals("adopted:unknown-sa")), history.toString());
                await(() -> routed("nft-set", aliceIp), "her listed pair gives her the route");
                assertTrue(pingSoon(alice), "alice reaches the lab host");
                lab.disconnect(alice);
                await(() -> released(gw, adopted.id()), "her address is released when she leaves");
                assertEquals(1, events(gw, adopted.id()).stream().filter(e -> e instanceof SessionClosed).count());
            }
        } finally {
            other.drop();
        }
    }

    // ---- helpers ---------------------------------------------------------------------------------

    /** An open session as the gateway's live-session directory has it. */
    record Open(SessionId id, String address, boolean established) {
    }

    private static Optional<Open> open(Stores.Gateway gw, String account) {
        return gw.jdbc().query("select session_id, address, established from swanledger_live_session where account = ?",
                (rs, n) -> new Open(SessionId.of(rs.getString(1)), rs.getString(2), rs.getBoolean(3)), account)
                .stream().findFirst();
    }

    private List<String> gatewayProperties(String backend) {
        return lab.gatewayProperties(GW.value(), backend, authPort, acctPort, NAS_SECRET, aaa);
    }

    /** The gateway as its own process (so that it can be killed), from the test's class path. */
    private Process launch(String backend, int run) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx512m", "-cp", System.getProperty("java.class.path"), GatewayApplication.class.getName()));
        gatewayProperties(backend).forEach(p -> cmd.add("--" + p));
        stores.properties().forEach((k, v) -> cmd.add("--" + k + "=" + v));
        cmd.add("--server.port=0");
        cmd.add("--spring.application.name=vpn-lab");
        Path log = lab.dir.resolve("gateway-" + run + ".log");
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        while (System.nanoTime() < deadline) {
            String out = Files.readString(log);
            if (out.contains("Started GatewayApplication")) {
                return p;
            }
            if (!p.isAlive()) {
                throw new AssertionError("the gateway exited:\n" + out);
            }
            Thread.sleep(200);
        }
        p.destroyForcibly();
        throw new AssertionError("the gateway did not start within 90 s:\n" + Files.readString(log));
    }

    private boolean routed(String backend, String address) throws Exception {
        if (backend.equals("nft-set")) {
            // no set yet (the gateway has not applied its state) is no route
            return lab.inServer(false, "nft", "list", "set", "inet", "swanledger_routing", "vlan_123456")
                    .matches("(?s).*[{ ,]" + address.replace(".", "\\.") + "[ ,}\\n].*");
        }
        return lab.inServer("ip", "rule", "show").contains("from " + address + " to 10.2.0.0/16 lookup 123456");
    }

    private boolean pingSoon(Client c) throws Exception {
        for (int i = 0; i < 3; i++) {
            if (lab.ping(c)) {
                return true;
            }
        }
        return false;
    }

    private static List<Object> events(Stores.Gateway gw, SessionId id) {
        List<Object> out = new ArrayList<>();
        DomainEventStream s = gw.eventStore().readEvents(id.value(), 0);
        while (s.hasNext()) {
            DomainEventMessage<?> m = s.next();
            out.add(m.getPayload());
        }
        return out;
    }

    private static List<Class<?>> lifecycle(List<Object> history) {
        List<Class<?>> kinds = List.of(SessionAuthorized.class, AddressAssigned.class, VlanRouteGranted.class,
                SessionEstablished.class, SessionClosed.class);
        return history.stream().map(Object::getClass).filter(kinds::contains).<Class<?>>map(k -> k).toList();
    }

    private static boolean released(Stores.Gateway gw, SessionId id) {
        DomainEventStream s = gw.eventStore().readEvents("clients", 0);
        while (s.hasNext()) {
            if (s.next().getPayload() instanceof AddressReleased r && r.sessionId().equals(id)) {
                return true;
            }
        }
        return false;
    }

    private static void importList(Stores.Gateway gw, String text) throws Exception {
        gw.commands().sendAndWait(AccessListExport.parse("lab", new StringReader(text), "lab-test", Instant.now()));
    }

    private static int terminate(int port, Object id, String credentials) throws Exception {
        return call(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/sessions/"
                        + URLEncoder.encode(id.toString(), StandardCharsets.UTF_8).replace("+", "%20") + "/terminate"))
                .POST(HttpRequest.BodyPublishers.noBody()), credentials).statusCode();
    }

    private static HttpResponse<String> get(int port, String path, String credentials) throws Exception {
        return call(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).GET(), credentials);
    }

    private static HttpResponse<String> call(HttpRequest.Builder r, String credentials) throws Exception {
        r.timeout(Duration.ofSeconds(30));
        if (credentials != null) {
            r.header("Authorization", "Basic " + Base64.getEncoder().encodeToString(credentials.getBytes(StandardCharsets.UTF_8)));
        }
        return HttpClient.newHttpClient().send(r.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static int freeUdpPort(String address) throws Exception {
        try (DatagramSocket s = new DatagramSocket(0, InetAddress.getByName(address))) {
            return s.getLocalPort();
        }
    }

    @FunctionalInterface
    interface Check {
        boolean ok() throws Exception;
    }

    @FunctionalInterface
    interface Probe<T> {
        Optional<T> get() throws Exception;
    }

    private static <T> T await(Probe<T> probe, String what) throws Exception {
        return await(probe, what, 20);
    }

    private static <T> T await(Probe<T> probe, String what, int seconds) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(seconds).toNanos();
        while (System.nanoTime() < deadline) {
            Optional<T> v = probe.get();
            if (v.isPresent()) {
                return v.get();
            }
            Thread.sleep(100);
        }
        throw new AssertionError("not within " + seconds + " s: " + what);
    }

    private static void await(Check check, String what) throws Exception {
        await(check, what, 20);
    }

    private static void await(Check check, String what, int seconds) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(seconds).toNanos();
        while (System.nanoTime() < deadline) {
            if (check.ok()) {
                return;
            }
            Thread.sleep(100);
        }
        assertTrue(check.ok(), "not within " + seconds + " s: " + what);
    }
}
