package io.swanledger.query;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.swanledger.api.identity.AccountName;
import io.swanledger.api.identity.AuthMethod;
import io.swanledger.api.identity.GatewayId;
import io.swanledger.api.identity.Identity;
import io.swanledger.api.identity.Nas;
import io.swanledger.api.identity.PoolId;
import io.swanledger.api.identity.SessionId;
import io.swanledger.api.net.CidrPrefix;
import io.swanledger.api.net.Ipv4Address;
import io.swanledger.api.net.Ipv4Range;
import io.swanledger.api.net.PeerEndpoint;
import io.swanledger.api.pool.AddressReleased;
import io.swanledger.api.pool.DefinePool;
import io.swanledger.api.session.AuthorizationResult;
import io.swanledger.api.session.AuthorizeSession;
import io.swanledger.api.session.CloseReason;
import io.swanledger.api.session.CloseSession;
import io.swanledger.api.session.EstablishSession;
import io.swanledger.api.session.RecordAuthenticationRejection;
import io.swanledger.api.session.RecordClientEndpoint;
import io.swanledger.api.session.Usage;
import io.swanledger.audit.AuditIndices;
import io.swanledger.audit.ElasticsearchServer;
import io.swanledger.it.Stores;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BooleanSupplier;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.servlet.context.ServletWebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The query side on a real Elasticsearch: the command side records sessions at chosen instants, the
 * tracking projection writes them, and the API answers over HTTP with authentication and roles.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class QuerySideTest {

    private static final PoolId POOL = PoolId.of("clients");
    private static final GatewayId GW = GatewayId.of("vpn1");
    private static final Nas NAS = new Nas(Ipv4Address.parse("192.0.2.1"), "vpn1");
    private static final ObjectMapper JSON = new ObjectMapper();

    private ElasticsearchServer server;
    private Stores stores;
    private ConfigurableApplicationContext app;
    private CommandGateway commands;
    private ElasticsearchClient es;
    private int port;
    private final HttpClient http = HttpClient.newHttpClient();
    private final List<String> aliceSessions = new ArrayList<>();

    @BeforeAll
    void start() {
        server = ElasticsearchServer.shared();
        stores = Stores.fresh(Stores.Kind.H2);
        SpringApplicationBuilder b = new SpringApplicationBuilder(QuerySideApplication.class)
                .properties("server.port=0", "spring.main.banner-mode=off", "logging.level.root=WARN",
                        "swanledger.session.establish-timeout=1h",
                        "swanledger.elasticsearch.url=" + server.url(),
                        "swanledger.elasticsearch.batch-size=200",
                        "swanledger.query.users[0].name=auditor",
                        "swanledger.query.users[0].password={noop}auditor-pass",
                        "swanledger.query.users[0].roles[0]=AUDITOR",
                        "swanledger.query.users[1].name=operator",
                        "swanledger.query.users[1].password={noop}operator-pass",
                        "swanledger.query.users[1].roles[0]=OPERATOR");
        stores.properties().forEach((k, v) -> b.properties(k + "=" + v));
        // application.yml switches the command side off; arguments outrank it
        app = b.run("--swanledger.command-side.enabled=true");
        port = ((ServletWebServerApplicationContext) app).getWebServer().getPort();
        commands = app.getBean(CommandGateway.class);
        es = app.getBean(ElasticsearchClient.class);
        commands.sendAndWait(new DefinePool(POOL, CidrPrefix.parse("10.1.0.0/16"),
                List.of(Ipv4Range.parse("10.1.0.10-10.1.3.250")), Set.of(), Duration.ZERO, "test", Instant.now()));
    }

    @AfterAll
    void stop() {
        if (app != null) {
            app.close();
        }
        if (stores != null) {
            stores.drop();
        }
    }

    @Test
    @Order(1)
    void answersWhoHeldAnAddressAtAnInstantOnEveryBoundary() throws Exception {
        Instant t1 = Instant.parse("2027-03-12T05:00:00Z");  // 14:00 in +09:00
        Instant t2 = Instant.parse("2027-03-12T05:10:00Z");
        String alice = session("alice", "alice@123456", "10.1.0.37", t1, t2);
        aliceSessions.add(alice);
        awaitReleased(alice); // the saga gives the address back after the close
        String bob = session("bob", "bob", "10.1.0.37", t2.plusSeconds(60), null);   // same address a minute later
        String carol = session("carol", "carol", "10.1.0.38", Instant.parse("2027-03-20T00:00:00Z"), null);
        String dave = session("dave", "dave", "10.1.0.39", Instant.parse("2027-03-31T23:30:00Z"),
                Instant.parse("2027-04-01T00:30:00Z"));
        awaitSessions(4);

        assertEquals(List.of(alice), whoHeld("10.1.0.37", "2027-03-12T05:00:00Z"), "lease start is inclusive");
        assertEquals(List.of(alice), whoHeld("10.1.0.37", "2027-03-12T14:05:00+09:00"), "an instant in +09:00");
        assertEquals(List.of(), whoHeld("10.1.0.37", "2027-03-12T05:10:00Z"), "lease end is exclusive");
        assertEquals(List.of(), whoHeld("10.1.0.37", "2027-03-12T05:10:30Z"), "nobody in between");
        assertEquals(List.of(bob), whoHeld("10.1.0.37", "2027-03-12T05:11:00Z"), "reused a minute later");
        assertEquals(List.of(bob), whoHeld("10.1.0.37", "2027-11-01T00:00:00Z"), "bob's session is still open");
        assertEquals(List.of(carol), whoHeld("10.1.0.38", "2027-10-01T00:00:00Z"), "an open session");
        assertEquals(List.of(dave), whoHeld("10.1.0.39", "2027-04-01T00:10:00Z"), "across the month boundary");
        assertEquals(List.of(), whoHeld("10.1.0.39", "2027-04-01T00:30:00Z"));
        JsonNode d = get("/api/sessions/" + dave, "auditor").body;
        assertEquals("closed", d.at("/session/status").asText());
        assertEquals(3600, d.at("/session/duration_seconds").asLong());
    }

    @Test
    @Order(2)
    void searchesNewestFirstPageByPageAndShowsTheTimeline() throws Exception {
        for (int i = 0; i < 3; i++) {
            Instant at = Instant.parse("2027-05-0" + (i + 1) + "T08:00:00Z");
            aliceSessions.add(session("alice", "alice", null, at, at.plusSeconds(600)));
        }
        awaitSessions(7);
        Reply firstReply = get("/api/sessions?account=alice&size=2", "operator");
        assertEquals(200, firstReply.status, firstReply.body.toString());
        JsonNode first = firstReply.body;
        assertEquals(4, first.get("total").asLong());
        assertEquals(aliceSessions.get(3), first.at("/sessions/0/session/id").asText(), "newest first");
        assertEquals(aliceSessions.get(2), first.at("/sessions/1/session/id").asText());
        JsonNode second = get("/api/sessions?account=alice&size=2&after=" + first.get("next").asText(), "operator").body;
        assertEquals(aliceSessions.get(1), second.at("/sessions/0/session/id").asText());
        assertEquals(aliceSessions.get(0), second.at("/sessions/1/session/id").asText());

        JsonNode one = get("/api/sessions/" + aliceSessions.get(0), "auditor").body;
        List<String> actions = new ArrayList<>();
        one.get("timeline").forEach(e -> actions.add(e.at("/event/action").asText()));
        assertEquals(List.of("AddressAllocated", "SessionAuthorized", "AddressAssigned", "VlanRouteDenied",
                "SessionEstablished", "SessionClosed", "AddressReleased"), actions, "the pool's events for it included");
        assertEquals("alice@123456", one.at("/user/requested").asText());

        HttpResponse<String> csv = raw("/api/sessions?account=alice", "auditor", "text/csv");
        assertEquals(200, csv.statusCode());
        String[] lines = csv.body().split("\n");
        assertEquals(5, lines.length, csv.body());
        assertTrue(lines[0].startsWith("session.id,session.status"));
    }

    @Test
    @Order(3)
    void reportsAMonthInJsonAndCsv() throws Exception {
        commands.sendAndWait(new RecordAuthenticationRejection(AccountName.of("mallory"), null,
                new PeerEndpoint("198.51.100.9", 4500), NAS, RecordAuthenticationRejection.Reason.UPSTREAM_REJECT,
                "wrong password", null, null, GW, Instant.parse("2027-03-15T00:00:00Z")));
        await(() -> count(AuditIndices.EVENTS, "event.action", "AuthenticationRejected") == 1);
        Reply marchReply = get("/api/reports/monthly?month=2027-03", "auditor");
        assertEquals(200, marchReply.status, marchReply.body.toString());
        JsonNode march = marchReply.body;
        assertEquals(4, march.get("connections").asLong());
        assertEquals(4, march.get("unique_accounts").asLong());
        assertEquals(1, march.get("failed_logins").asLong());
        // alice [05:00, 05:10) and bob from 05:11 never overlap; bob, carol and dave overlap on 31 March
        assertEquals(3, march.get("peak_concurrent_sessions").asLong());
        HttpResponse<String> csv = raw("/api/reports/monthly?month=2027-03", "auditor", "text/csv");
        assertTrue(csv.body().contains("connections,,4"), csv.body());
        assertEquals(403, raw("/api/reports/monthly?month=2027-03", "operator", "application/json").statusCode());
        JsonNode year = get("/api/reports/yearly?year=2027", "auditor").body;
        assertEquals(7, year.get("connections").asLong());
    }

    @Test
    @Order(4)
    void refusesBadInputWithAClearMessageAndUnauthenticatedCalls() throws Exception {
        String[] bad = {"/api/sessions?ip=10.1.0.037&at=2027-03-12T05:00:00Z", "/api/sessions?ip=10.1.0.37&at=yesterday",
                "/api/sessions?ip=10.1.0.37", "/api/reports/monthly?month=2027-13", "/api/reports/yearly?year=26",
                "/api/sessions?size=5000", "/api/sessions?account=" + enc("a\u0001b"),
                "/api/sessions?account=" + "x".repeat(600), "/api/sessions?after=bm9wZQ",
                "/api/sessions?status=everything", "/api/events?type=" + enc("*"), "/api/sessions?sort=evil",
                "/api/sessions?from=2027-03-02T00:00:00Z&to=2027-03-01T00:00:00Z"};
        for (String path : bad) {
            Reply r = get(path, "auditor");
            assertEquals(400, r.status, path + " → " + r.body);
            assertNotNull(r.body.get("error"), path);
        }
        // names as an AAA server may accept them are searched for literally, never interpreted
        for (String literal : List.of("a' OR 1=1 --", "{\"match_all\":{}}")) {
            Reply r = get("/api/sessions?account=" + enc(literal), "auditor");
            assertEquals(200, r.status, literal + " → " + r.body);
            assertEquals(0, r.body.get("total").asLong(), literal);
        }
        assertEquals(401, http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/sessions")).build(),
                HttpResponse.BodyHandlers.ofString()).statusCode());
        assertEquals(401, raw("/api/sessions", "auditor:wrong", "application/json").statusCode());
    }

    @Test
    @Order(5)
    void recordsEveryCallByAPerson() throws Exception {
        get("/api/sessions?ip=10.1.0.37&at=2027-03-12T05:00:00Z", "operator");
        await(() -> count(AuditIndices.AUDIT, "user.name", "operator") > 0);
        es.indices().refresh(r -> r.index(AuditIndices.AUDIT));
        var hits = es.search(s -> s.index(AuditIndices.AUDIT).size(100)
                .query(q -> q.term(t -> t.field("user.name").value("operator"))), Map.class).hits().hits();
        assertTrue(hits.stream().anyMatch(h -> String.valueOf(h.source()).contains("ip=10.1.0.37")), hits.toString());
    }

    @Test
    @Order(6)
    void catchesUpWithEverythingAfterAnElasticsearchOutage() throws Exception {
        long before = count(AuditIndices.SESSIONS, null, null);
        long openBefore = count(AuditIndices.SESSIONS, "session.status", "open");
        server.stop();
        try {
            assertEquals(503, get("/api/sessions?account=alice", "auditor").status);
            Instant t0 = Instant.parse("2027-06-01T00:00:00Z");
            for (int i = 0; i < 1000; i++) {
                Instant at = t0.plusSeconds(60L * i);
                session("user" + (i % 100), "user" + (i % 100), null, at, at.plusSeconds(30));
            }
        } finally {
            server.start();
        }
        await(() -> count(AuditIndices.SESSIONS, null, null) == before + 1000, Duration.ofSeconds(150));
        long closed = count(AuditIndices.SESSIONS, "session.status", "closed");
        assertEquals(before + 1000 - openBefore, closed, "every new session is closed, as recorded while it was down");
        JsonNode june = get("/api/reports/monthly?month=2027-06", "auditor").body;
        assertEquals(1000, june.get("connections").asLong());
        assertEquals(100, june.get("unique_accounts").asLong());
    }

    @Test
    @Order(7)
    void aReplayFromTheFirstEventRebuildsTheSameIndices() throws Exception {
        long sessions = count(AuditIndices.SESSIONS, null, null);
        long events = count(AuditIndices.EVENTS, null, null);
        ByteArrayOutputStream progress = new ByteArrayOutputStream();
        app.getBean(ProjectionReplay.class).replay(new PrintStream(progress, true, StandardCharsets.UTF_8));
        String report = progress.toString(StandardCharsets.UTF_8);
        assertTrue(report.contains("replay: done"), report);
        assertTrue(report.contains("events/s"), report);
        assertEquals(sessions, count(AuditIndices.SESSIONS, null, null), "writes are idempotent: nothing doubled");
        assertEquals(events, count(AuditIndices.EVENTS, null, null));
    }

    @Test
    @Order(8)
    void findsARoamedClientByEveryEndpointAndAccountsAsTheAaaServerNamesThem() throws Exception {
        Instant t = Instant.parse("2027-07-01T09:00:00Z");
        String roamer = session("zoë.müller", "zoë.müller", null, t, null);
        String windows = session("CAMPUS\\jdoe", "CAMPUS\\jdoe@123456", null, t.plusSeconds(5), null);
        commands.sendAndWait(new RecordClientEndpoint(SessionId.of(roamer),
                new PeerEndpoint("203.0.113.44", 61000), "vici", GW, t.plusSeconds(120)));
        await(() -> count(AuditIndices.SESSIONS, "client.ips", "203.0.113.44") == 1
                && count(AuditIndices.SESSIONS, "user.name", "CAMPUS\\jdoe") == 1
                && count(AuditIndices.EVENTS, "event.action", "ClientEndpointChanged") == 1);

        JsonNode byNewPeer = get("/api/sessions?peer=203.0.113.44", "auditor").body;
        assertEquals(1, byNewPeer.get("total").asLong(), byNewPeer.toString());
        assertEquals(roamer, byNewPeer.at("/sessions/0/session/id").asText());
        JsonNode one = get("/api/sessions/" + roamer, "auditor").body;
        List<String> actions = new ArrayList<>();
        one.get("timeline").forEach(e -> actions.add(e.at("/event/action").asText()));
        assertTrue(actions.contains("ClientEndpointChanged"), "the roam is on the timeline: " + actions);
        assertEquals("198.51.100.7", one.at("/client/ip").asText(), "where it started");

        JsonNode zoe = get("/api/sessions?account=" + URLEncoder.encode("zoë.müller", StandardCharsets.UTF_8), "auditor").body;
        assertEquals(1, zoe.get("total").asLong(), zoe.toString());
        JsonNode jdoe = get("/api/sessions?account=" + URLEncoder.encode("CAMPUS\\jdoe", StandardCharsets.UTF_8), "auditor").body;
        assertEquals(windows, jdoe.at("/sessions/0/session/id").asText(), jdoe.toString());
        assertEquals("CAMPUS\\jdoe@123456", jdoe.at("/sessions/0/user/requested").asText(), "recorded as sent");
    }

    // --- helpers ---

    private String session(String account, String requested, String address, Instant start, Instant end) {
        SessionId id = SessionId.random();
        AuthorizationResult r = commands.sendAndWait(new AuthorizeSession(id, POOL, Identity.parse(requested),
                AccountName.of(account), AuthMethod.EAP_MSCHAPV2, null, null, new PeerEndpoint("198.51.100.7", 4500), NAS,
                null, address == null ? null : Ipv4Address.parse(address), GW, start));
        assertTrue(r.accepted());
        if (address != null) {
            assertEquals(address, r.address().toString(), "the pool gave the address asked for");
        }
        commands.sendAndWait(new EstablishSession(id, "test", 1, GW, start.plusSeconds(1)));
        if (end != null) {
            commands.sendAndWait(new CloseSession(id, CloseReason.DISCONNECTED, "User-Request", null,
                    new Usage(1000, 2000, 10, 20), GW, end));
        }
        return id.value();
    }

    private void awaitReleased(String sessionId) {
        EventStore store =
                app.getBean(EventStore.class);
        await(() -> store.readEvents(POOL.value()).asStream().anyMatch(m ->
                m.getPayload() instanceof AddressReleased r && r.sessionId().value().equals(sessionId)));
    }

    private List<String> whoHeld(String ip, String at) throws Exception {
        Reply r = get("/api/sessions?ip=" + ip + "&at=" + enc(at), "auditor");
        assertEquals(200, r.status, r.body.toString());
        List<String> ids = new ArrayList<>();
        r.body.get("sessions").forEach(s -> ids.add(s.at("/session/id").asText()));
        return ids;
    }

    private void awaitSessions(long n) {
        await(() -> count(AuditIndices.SESSIONS, "session.status", "closed") + count(AuditIndices.SESSIONS, "session.status", "open") == n
                && count(AuditIndices.SESSIONS, "session.established", null) == n);
    }

    private long count(String index, String field, String value) {
        try {
            es.indices().refresh(r -> r.index(index).ignoreUnavailable(true));
            return es.count(c -> c.index(index).ignoreUnavailable(true).query(q -> field == null ? q.matchAll(m -> m)
                    : value == null ? q.exists(e -> e.field(field)) : q.term(t -> t.field(field).value(value)))).count();
        } catch (Exception e) {
            return -1;
        }
    }

    private static void await(BooleanSupplier condition) {
        await(condition, Duration.ofSeconds(30));
    }

    private static void await(BooleanSupplier condition, Duration limit) {
        long deadline = System.nanoTime() + limit.toNanos();
        while (System.nanoTime() < deadline) {
            if (condition.getAsBoolean()) {
                return;
            }
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
        assertTrue(condition.getAsBoolean(), "condition not met within " + limit);
    }

    private record Reply(int status, JsonNode body) {
    }

    private Reply get(String path, String user) throws Exception {
        HttpResponse<String> r = raw(path, user, "application/json");
        return new Reply(r.statusCode(), r.body().isEmpty() ? JSON.createObjectNode() : JSON.readTree(r.body()));
    }

    private HttpResponse<String> raw(String path, String user, String accept) throws Exception {
        String credentials = user.contains(":") ? user : user + ":" + user + "-pass";
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .header("Accept", accept)
                .header("Authorization", "Basic " + Base64.getEncoder().encodeToString(credentials.getBytes(StandardCharsets.UTF_8)))
                .build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

}
