package io.swanledger.radius;

import io.swanledger.it.Scratch;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.swanledger.api.pool.AddressReleased;
import io.swanledger.api.session.CloseReason;
import io.swanledger.api.session.SessionClosed;
import io.swanledger.it.GatewayProcess;
import io.swanledger.it.Stores;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The gateway (its own JVM, no VICI, PostgreSQL) killed with SIGKILL for 15 s while RADIUS clients are
 * connected. Two of them leave during the outage (their Stops are lost: the port is closed), two stay
 * and keep sending Interim-Updates, one was authorized and never came up. After the restart the
 * leavers are closed {@code accounting-lost} as of when they were last seen, the one that never came
 * up {@code never-established}, every address of theirs is back in the pool, and the two that stayed
 * carry on.
 */
class GatewayCrashTest {

    private static final String NAS_SECRET = "nas-secret-crash-0123";
    private static final String UPSTREAM_SECRET = "upstream-secret-crash-0123";
    private static final String GW = "vpn-crash";

    private record Client(String name, String acct, String session, String address) {
    }

    private Path dir;
    private FreeRadius upstream;
    private Stores stores;
    private Stores.Gateway reader;
    private ScheduledExecutorService interims;

    @BeforeEach
    void setUp() throws Exception {
        dir = Scratch.directory("swanledger-crash-");
        StringBuilder users = new StringBuilder();
        for (String u : List.of("leaver1", "leaver2", "stayer1", "stayer2", "never")) {
            users.append(u).append("\tCleartext-Password := \"pw\"\n");
        }
        upstream = FreeRadius.mschapv2(dir.resolve("raddb"), UPSTREAM_SECRET, users.toString());
        stores = Stores.fresh(Stores.Kind.POSTGRESQL);
        interims = Executors.newSingleThreadScheduledExecutor();
    }

    @AfterEach
    void tearDown() {
        interims.shutdownNow();
        if (reader != null) {
            reader.close();
        }
        stores.drop();
        upstream.close();
    }

    @Test
    void sessionsWhoseEndWasMissedCloseAsOfWhenTheyWereLastSeenAndTheOthersCarryOn() throws Exception {
        int auth = FreeRadius.freeUdpPort();
        int acct = FreeRadius.freeUdpPort();
        String[] settings = {"swanledger.gateway.id=" + GW,
                "swanledger.pool.network=10.1.0.0/24",
                "swanledger.pool.ranges=10.1.0.10-10.1.0.250",
                "swanledger.radius.auth-port=" + auth,
                "swanledger.radius.acct-port=" + acct,
                "swanledger.radius.clients[0].address=127.0.0.1",
                "swanledger.radius.clients[0].secret=" + NAS_SECRET,
                "swanledger.radius.clients[0].name=vpngw-test",
                "swanledger.radius.upstreams[0].address=127.0.0.1",
                "swanledger.radius.upstreams[0].port=" + upstream.port,
                "swanledger.radius.upstreams[0].secret=" + UPSTREAM_SECRET,
                "swanledger.session.interim-interval=2s",
                "swanledger.session.lost-after-intervals=3",
                "swanledger.session.establish-timeout=10s",
                "swanledger.session.sweep-period=500ms"};
        InetSocketAddress accounting = new InetSocketAddress("127.0.0.1", acct);
        List<Client> clients = new ArrayList<>();
        Map<String, Instant> lastSeen;
        // reads the shared store while gateways come and go (its own command side off)
        reader = stores.start("reader", "swanledger.command-side.enabled=false");
        try (GatewayProcess first = GatewayProcess.start(stores, dir, "first", settings);
             NasClient nas = new NasClient("127.0.0.1", accounting)) {
            int n = 0;
            for (String name : List.of("leaver1", "leaver2", "stayer1", "stayer2", "never")) {
                String acctId = "1795785690-" + (++n);
                Eapol.Outcome o = Eapol.run(dir, Eapol.mschapv2(dir, name, "pw"), auth, NAS_SECRET, acctId);
                assertTrue(o.success(), o.output());
                assertTrue(o.output().contains("Attribute 85 (Acct-Interim-Interval)"),
                        "the Accept tells the NAS how often to send Interim-Updates:\n" + o.output());
                clients.add(new Client(name, acctId, o.sessionClass(), o.framedIp()));
            }
            for (Client c : clients.subList(0, 4)) {
                assertEquals(Wire.ACCOUNTING_RESPONSE, Wire.code(nas.exchange(nas.accountingRequest(
                        accounting(1, c).add(25, c.session()), NAS_SECRET))), "Start of " + c.name());
            }
            lastSeen = lastSeen();
            first.kill();
        }
        // the outage: the leavers' Stops and the stayers' Interim-Updates meet a closed port
        Instant outageEnds = Instant.now().plusSeconds(15);
        try (NasClient nas = new NasClient("127.0.0.1", accounting)) {
            nas.timeout(200);
            for (Client c : clients.subList(0, 2)) {
                assertNull(nas.exchange(nas.accountingRequest(accounting(2, c).addInt(49, 1), NAS_SECRET)), "nobody answers");
            }
            while (Instant.now().isBefore(outageEnds)) {
                for (Client c : clients.subList(2, 4)) {
                    nas.exchange(nas.accountingRequest(accounting(3, c), NAS_SECRET));
                }
                Thread.sleep(1000);
            }
        }
        try (GatewayProcess second = GatewayProcess.start(stores, dir, "second", settings);
             NasClient nas = new NasClient("127.0.0.1", accounting)) {
            assertTrue(second.output().contains("took over 5 open session(s) of gateway " + GW), second.output());
            interims.scheduleWithFixedDelay(() -> {
                for (Client c : clients.subList(2, 4)) {
                    nas.send(nas.accountingRequest(accounting(3, c), NAS_SECRET));
                }
            }, 0, 1, TimeUnit.SECONDS);

            for (Client c : clients.subList(0, 2)) {
                SessionClosed closed = await(() -> closeOf(c), "accounting-lost close of " + c.name());
                assertEquals(CloseReason.ACCOUNTING_LOST, closed.reason(), c.name());
                assertEquals(lastSeen.get(c.session()), closed.at(), c.name() + " ends when it was last seen alive");
                await(() -> released(c), "address of " + c.name() + " back in the pool");
            }
            Client never = clients.get(4);
            assertEquals(CloseReason.NEVER_ESTABLISHED, await(() -> closeOf(never), "close of " + never.name()).reason());
            await(() -> released(never), "address of the session that never came up back in the pool");
            // the stayers have been silent no longer than allowed: still open, still theirs
            for (Client c : clients.subList(2, 4)) {
                assertTrue(closeOf(c).isEmpty(), c.name() + " carries on");
                assertTrue(lastSeen().get(c.session()).isAfter(outageEnds.minusSeconds(1)), c.name() + " seen after the restart");
            }
            assertEquals(2, lastSeen().size(), "only the stayers are open: " + lastSeen());
        }
    }

    private static NasClient.Attrs accounting(int status, Client c) {
        return new NasClient.Attrs().addInt(40, status).add(44, c.acct()).add(1, c.name()).add(32, "vpngw-test")
                .addInt(5, 1).add(31, "192.0.2.100[4500]");
    }

    /** When each open session was last seen, as the gateway recorded it. */
    private Map<String, Instant> lastSeen() {
        Map<String, Instant> out = new HashMap<>();
        reader.jdbc().query("select session_id, last_seen from swanledger_live_session where gateway = ?", rs -> {
            long micros = rs.getLong(2);
            out.put(rs.getString(1), Instant.ofEpochSecond(micros / 1_000_000L, (micros % 1_000_000L) * 1_000L));
        }, GW);
        return out;
    }

    private Optional<SessionClosed> closeOf(Client c) {
        return reader.eventStore().readEvents(c.session()).asStream().map(m -> m.getPayload())
                .filter(SessionClosed.class::isInstance).map(SessionClosed.class::cast).findFirst();
    }

    private Optional<AddressReleased> released(Client c) {
        return reader.eventStore().readEvents("clients").asStream().map(m -> m.getPayload())
                .filter(AddressReleased.class::isInstance).map(AddressReleased.class::cast)
                .filter(r -> r.sessionId().value().equals(c.session())).findFirst();
    }

    private static <T> T await(Supplier<Optional<T>> what, String description) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (System.nanoTime() < deadline) {
            Optional<T> found = what.get();
            if (found.isPresent()) {
                return found.get();
            }
            Thread.sleep(100);
        }
        throw new AssertionError("no " + description + " within 30 s");
    }
}
