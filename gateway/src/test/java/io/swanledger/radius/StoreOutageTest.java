package io.swanledger.radius;

import io.swanledger.it.Scratch;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.swanledger.api.pool.AddressReleased;
import io.swanledger.api.session.SessionAuthorized;
import io.swanledger.api.session.SessionClosed;
import io.swanledger.api.session.SessionUsageRecorded;
import io.swanledger.gateway.GatewayApplication;
import io.swanledger.it.Stores;
import io.swanledger.it.TestPostgres;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The gateway's PostgreSQL (a server of this test's own) goes away for 60 s under RADIUS load — stopped
 * as an operator would, or its postmaster killed with SIGKILL — and comes back. While it is away no
 * Access-Accept leaves (nothing could be recorded), every accounting request is still acknowledged
 * promptly and spooled; afterwards every acknowledged request is recorded with the time it arrived,
 * and the gateway works again without a restart.
 */
class StoreOutageTest {

    private static final String NAS_SECRET = "nas-secret-outage-0123";
    private static final String UPSTREAM_SECRET = "upstream-secret-outage-0123";
    private static final Duration OUTAGE = Duration.ofSeconds(60);

    private record Client(String name, String acct, String session) {
    }

    @ParameterizedTest
    @ValueSource(strings = {"stopped", "killed"})
    void nothingUnrecordedIsAcceptedAndNothingAcknowledgedIsLost(String how) throws Exception {
        Path dir = Scratch.directory("swanledger-outage-");
        StringBuilder users = new StringBuilder();
        for (String u : List.of("leaver", "stayer", "latecomer", "after")) {
            users.append(u).append("\tCleartext-Password := \"pw\"\n");
        }
        try (TestPostgres pg = TestPostgres.start();
             FreeRadius upstream = FreeRadius.mschapv2(dir.resolve("raddb"), UPSTREAM_SECRET, users.toString())) {
            Stores stores = Stores.postgres(pg.url(), TestPostgres.USER, "");
            try (Stores.Gateway gw = stores.start(GatewayApplication.class, "vpn-outage",
                    "swanledger.gateway.id=vpn-outage",
                    "swanledger.pool.network=10.1.0.0/24",
                    "swanledger.pool.ranges=10.1.0.10-10.1.0.250",
                    "swanledger.radius.auth-port=0",
                    "swanledger.radius.acct-port=0",
                    "swanledger.radius.spool-dir=" + dir.resolve("spool"),
                    "swanledger.radius.clients[0].address=127.0.0.1",
                    "swanledger.radius.clients[0].secret=" + NAS_SECRET,
                    "swanledger.radius.clients[0].name=vpngw-test",
                    "swanledger.radius.upstreams[0].address=127.0.0.1",
                    "swanledger.radius.upstreams[0].port=" + upstream.port,
                    "swanledger.radius.upstreams[0].secret=" + UPSTREAM_SECRET,
                    "server.port=0", "management.server.port=0");
                 NasClient nas = new NasClient("127.0.0.1", gw.context().getBean(RadiusFront.class).accountingAddress())) {
                RadiusFront front = gw.context().getBean(RadiusFront.class);
                int auth = front.authAddress().getPort();
                nas.timeout(5000);
                Client leaver = login(dir, auth, "leaver", "1795785690-1");
                Client stayer = login(dir, auth, "stayer", "1795785690-2");
                for (Client c : List.of(leaver, stayer)) {
                    assertNotNull(nas.exchange(nas.accountingRequest(accounting(1, c, 0), NAS_SECRET)), "Start of " + c.name());
                }
                int management = Integer.parseInt(gw.context().getEnvironment().getProperty("local.management.port"));
                assertEquals(200, http(management, "/actuator/health/readiness").statusCode());
                String scrape = http(management, "/actuator/prometheus").body();
                assertEquals(2, metric(scrape, "swanledger_radius_packets_total{outcome=\"accepted\"}"), scrape);
                assertEquals(2, metric(scrape, "swanledger_pool_addresses{pool=\"clients\",state=\"held\"}"), scrape);
                assertEquals(241, metric(scrape, "swanledger_pool_addresses{pool=\"clients\",state=\"configured\"}"));
                assertEquals(239, metric(scrape, "swanledger_pool_addresses{pool=\"clients\",state=\"free\"}"));
                assertTrue(scrape.contains("swanledger_projection_lag_seconds{processor=\"routing-vpn-outage\"}"), scrape);
                // the relay's round trips (an EAP login is several) and the groups the logins were committed in
                assertTrue(metric(scrape, "swanledger_radius_upstream_seconds_count{outcome=\"answered\"}") >= 2, scrape);
                assertTrue(metric(scrape, "swanledger_command_group_commands_count") >= 2, scrape);

                if (how.equals("killed")) {
                    pg.kill();
                } else {
                    pg.stop();
                }
                Instant outageEnds = Instant.now().plus(OUTAGE);
                await(() -> http(management, "/actuator/health/readiness").statusCode() == 503 ? Optional.of(true)
                        : Optional.empty(), "readiness says DOWN while the store is away", 15);
                List<Instant> stayerInterims = new ArrayList<>();
                Eapol.Outcome late = Eapol.run(dir, Eapol.mschapv2(dir, "latecomer", "pw"), auth, NAS_SECRET, "1795785690-3");
                assertFalse(late.success(), "no Access-Accept while nothing can be recorded:\n" + late.output());
                long bytes = 1000;
                Instant stopSent = null;
                while (Instant.now().isBefore(outageEnds)) {
                    long t0 = System.nanoTime();
                    byte[] ack = nas.exchange(nas.accountingRequest(accounting(3, stayer, bytes), NAS_SECRET));
                    assertNotNull(ack, "an Interim-Update is acknowledged during the outage");
                    assertTrue(System.nanoTime() - t0 < Duration.ofSeconds(4).toNanos(), "promptly");
                    stayerInterims.add(Instant.now());
                    if (stopSent == null) {
                        stopSent = Instant.now();
                        assertNotNull(nas.exchange(nas.accountingRequest(accounting(2, leaver, 777_000).addInt(49, 1),
                                NAS_SECRET)), "the leaver's Stop is acknowledged");
                    }
                    bytes += 1000;
                    Thread.sleep(2000);
                }
                assertTrue(((Number) front.spoolStatus().get("waiting")).longValue() >= stayerInterims.size() + 1,
                        "every acknowledged request waits in the spool: " + front.spoolStatus());

                pg.up();
                await(() -> http(management, "/actuator/health/readiness").statusCode() == 200 ? Optional.of(true)
                        : Optional.empty(), "readiness is UP again once the store is back", 90);
                await(() -> ((Number) front.spoolStatus().get("waiting")).longValue() == 0 ? Optional.of(true) : Optional.empty(),
                        "the spool is replayed once the store is back: " + front.spoolStatus(), 60);
                SessionClosed closed = await(() -> events(gw, leaver.session()).stream()
                        .filter(SessionClosed.class::isInstance).map(SessionClosed.class::cast).findFirst(), "the leaver's close", 30);
                assertEquals(777_000, closed.usage().bytesIn(), "the final counters of the spooled Stop");
                assertTrue(closed.at().isBefore(stopSent.plusSeconds(5)) && !closed.at().isBefore(stopSent.minusSeconds(1)),
                        "recorded as of when it arrived, not when it was replayed: " + closed.at());
                long lastBytes = bytes - 1000;
                SessionUsageRecorded usage = await(() -> events(gw, stayer.session()).stream()
                        .filter(e -> e instanceof SessionUsageRecorded u && u.usage().bytesIn() == lastBytes)
                        .map(SessionUsageRecorded.class::cast).findFirst(), "the stayer's last interim", 30);
                assertTrue(usage.at().isBefore(outageEnds), "dated when it arrived: " + usage.at());
                await(() -> released(gw, leaver.session()), "the leaver's address goes back", 60);

                Client after = login(dir, auth, "after", "1795785690-4");
                assertTrue(events(gw, after.session()).stream().anyMatch(SessionAuthorized.class::isInstance),
                        "recovered without a restart");
                long t0 = System.nanoTime();
                assertNotNull(nas.exchange(nas.accountingRequest(accounting(1, after, 0), NAS_SECRET)));
                assertTrue(System.nanoTime() - t0 < Duration.ofSeconds(2).toNanos(), "accounting is answered at once again");
                String after2 = http(management, "/actuator/prometheus").body();
                assertEquals(3, metric(after2, "swanledger_radius_packets_total{outcome=\"accepted\"}"), "the meters moved");
                assertTrue(metric(after2, "swanledger_radius_packets_total{outcome=\"accounting-spooled\"}") >= 2, after2);
                for (Object e : allSessions(gw)) {
                    assertFalse(e instanceof SessionAuthorized a && a.account().value().equals("latecomer"),
                            "nothing was recorded for the login refused during the outage");
                }
            }
        }
    }

    private static HttpResponse<String> http(int port, String path) {
        try {
            return HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + port + path)).timeout(Duration.ofSeconds(20)).build(),
                    HttpResponse.BodyHandlers.ofString());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** The value of one sample of a Prometheus scrape ({@code name{labels}}, as printed). */
    private static double metric(String scrape, String sample) {
        return scrape.lines().filter(l -> l.startsWith(sample + " ")).mapToDouble(l -> Double.parseDouble(l.substring(sample.length() + 1)))
                .findFirst().orElseThrow(() -> new AssertionError("no " + sample + " in the scrape"));
    }

    private static Client login(Path dir, int auth, String name, String acct) {
        Eapol.Outcome o = Eapol.run(dir, Eapol.mschapv2(dir, name, "pw"), auth, NAS_SECRET, acct);
        assertTrue(o.success(), o.output());
        return new Client(name, acct, o.sessionClass());
    }

    private static NasClient.Attrs accounting(int status, Client c, long bytesIn) {
        return new NasClient.Attrs().addInt(40, status).add(44, c.acct()).add(1, c.name()).add(32, "vpngw-test")
                .addInt(5, 1).add(31, "192.0.2.100[4500]").add(25, c.session()).addInt(42, bytesIn).addInt(43, bytesIn / 2);
    }

    private static List<Object> events(Stores.Gateway gw, String aggregate) {
        List<Object> out = new ArrayList<>();
        gw.eventStore().readEvents(aggregate).asStream().forEach(m -> out.add(m.getPayload()));
        return out;
    }

    private static List<Object> allSessions(Stores.Gateway gw) {
        List<Object> out = new ArrayList<>();
        gw.jdbc().query("select distinct aggregate_identifier from domain_event_entry where type = 'VpnSession'",
                rs -> { out.addAll(events(gw, rs.getString(1))); });
        return out;
    }

    private static Optional<Boolean> released(Stores.Gateway gw, String session) {
        return events(gw, "clients").stream().anyMatch(e -> e instanceof AddressReleased r && r.sessionId().value().equals(session))
                ? Optional.of(true) : Optional.empty();
    }

    private static <T> T await(Supplier<Optional<T>> probe, String what, int seconds) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(seconds).toNanos();
        while (System.nanoTime() < deadline) {
            try {
                Optional<T> v = probe.get();
                if (v.isPresent()) {
                    return v.get();
                }
            } catch (RuntimeException storeStillComingBack) {
                // the probe reads the store too
            }
            Thread.sleep(200);
        }
        throw new AssertionError("not within " + seconds + " s: " + what);
    }
}
