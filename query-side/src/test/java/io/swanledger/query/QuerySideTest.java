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
import io.swanledger.api.identity.VlanNumber;
import io.swanledger.api.vlan.AccessPair;
import io.swanledger.api.vlan.ImportAccessList;
import io.swanledger.api.vlan.LabVlan;
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
    private static final org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder BCRYPT =
            new org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder(4);

    private ElasticsearchServer server;
    private Stores stores;
    private ConfigurableApplicationContext app;
    private CommandGateway commands;
    private TrailFixture trail;
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
                        "swanledger.query.users[0].password={bcrypt}" + BCRYPT.encode("auditor-pass"),
                        "swanledger.query.users[0].roles[0]=AUDITOR",
                        "swanledger.query.users[1].name=operator",
                        "swanledger.query.users[1].password={bcrypt}" + BCRYPT.encode("operator-pass"),
                        "swanledger.query.users[1].roles[0]=OPERATOR",
                        "server.forward-headers-strategy=native",
                        "server.tomcat.remoteip.internal-proxies=127\\.0\\.0\\.1");
        stores.properties().forEach((k, v) -> b.properties(k + "=" + v));
        // application.yml switches the command side off; arguments outrank it
        app = b.run("--swanledger.command-side.enabled=true");
        port = ((ServletWebServerApplicationContext) app).getWebServer().getPort();
        commands = app.getBean(CommandGateway.class);
        es = app.getBean(ElasticsearchClient.class);
        trail = new TrailFixture(app);
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
        assertEquals(403, get("/api/sessions?account=alice&size=2", "operator").status, "an operator does not search");
        Reply firstReply = get("/api/sessions?account=alice&size=2", "auditor");
        assertEquals(200, firstReply.status, firstReply.body.toString());
        JsonNode first = firstReply.body;
        assertEquals(4, first.get("total").asLong());
        assertEquals(aliceSessions.get(3), first.at("/sessions/0/session/id").asText(), "newest first");
        assertEquals(aliceSessions.get(2), first.at("/sessions/1/session/id").asText());
        assertTrue(first.path("previous").isMissingNode(), "the first page has none before it");
        JsonNode second = get("/api/sessions?account=alice&size=2&after=" + first.get("next").asText(), "auditor").body;
        assertEquals(aliceSessions.get(1), second.at("/sessions/0/session/id").asText());
        assertEquals(aliceSessions.get(0), second.at("/sessions/1/session/id").asText());
        JsonNode back = get("/api/sessions?account=alice&size=2&before=" + second.get("previous").asText(), "auditor").body;
        assertEquals(first.get("sessions"), back.get("sessions"), "previous leads back to the same page");

        JsonNode one = get("/api/sessions/" + aliceSessions.get(0), "operator").body;
        List<String> actions = new ArrayList<>();
        one.get("timeline").forEach(e -> actions.add(e.at("/event/action").asText()));
        assertEquals(List.of("AddressAllocated", "SessionAuthorized", "AddressAssigned", "VlanRouteDenied",
                "SessionEstablished", "SessionClosed", "AddressReleased"), actions, "the pool's events for it included");
        assertEquals("alice@123456", one.at("/user/requested").asText());
        // the timeline in pages, never cut: three and three and one
        JsonNode paged = get("/api/sessions/" + aliceSessions.get(0) + "?size=3", "auditor").body;
        assertEquals(7, paged.get("timeline_total").asLong());
        List<String> walked = new ArrayList<>();
        paged.get("timeline").forEach(e -> walked.add(e.at("/event/action").asText()));
        String next = paged.get("timeline_next").asText();
        while (next != null) {
            JsonNode page = get("/api/sessions/" + aliceSessions.get(0) + "/timeline?size=3&after=" + next, "auditor").body;
            page.get("events").forEach(e -> walked.add(e.at("/event/action").asText()));
            next = page.has("next") ? page.get("next").asText() : null;
        }
        assertEquals(actions, walked, "the pages hold the whole timeline, in order");

        HttpResponse<String> csv = raw("/api/sessions?account=alice", "auditor", "text/csv");
        assertEquals(200, csv.statusCode());
        String[] lines = csv.body().split("\n");
        assertEquals(5, lines.length, csv.body());
        assertTrue(lines[0].startsWith("session.id,session.status"));
        assertEquals("4", csv.headers().firstValue("X-Total-Count").orElse(null));
        assertTrue(csv.headers().firstValue("Content-Disposition").orElse("").matches(
                "attachment; filename=\"sessions_account-alice_\\d{8}T\\d{6}Z\\.csv\""), csv.headers().toString());
        // the range chosen is the range exported
        HttpResponse<String> may2 = raw("/api/sessions?account=alice&from=2027-05-02T00:00:00Z&to=2027-05-03T00:00:00Z",
                "auditor", "text/csv");
        assertEquals(2, may2.body().split("\n").length, may2.body());
        assertEquals(403, raw("/api/sessions?account=alice", "operator", "text/csv").statusCode(), "no bulk export for operators");
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
                "/api/sessions?from=2027-03-02T00:00:00Z&to=2027-03-01T00:00:00Z",
                "/api/sessions/not-a-session", "/api/events?type=SessionExploded",
                "/api/sessions?ip=10.1.0.37&at=2027-03-12T05:00:00Z&account=alice",
                "/api/sessions?ip=10.1.0.37&at=2027-03-12T05:00:00Z&size=5",
                "/api/sessions?account=alice&account=bob", "/api/sessions?vlan=12x", "/api/sessions?peer=nowhere",
                "/api/sessions?after=bm9wZQ&before=bm9wZQ", "/api/audit?outcome=maybe"};
        for (String path : bad) {
            Reply r = get(path, "auditor");
            assertEquals(400, r.status, path + " → " + r.body);
            assertNotNull(r.body.get("error"), path);
        }
        assertTrue(get("/api/sessions?vlan=12x", "auditor").body.get("error").asText().startsWith("vlan:"));
        assertTrue(get("/api/sessions?peer=nowhere", "auditor").body.get("error").asText().startsWith("peer:"));
        assertTrue(get("/api/sessions?account=a&account=b", "auditor").body.get("error").asText().startsWith("account:"));
        assertEquals(405, http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/sessions"))
                .DELETE().header("Authorization", basic("auditor")).build(), HttpResponse.BodyHandlers.ofString()).statusCode());
        HttpResponse<String> xml = raw("/api/sessions?account=alice", "auditor", "application/xml");
        assertEquals(406, xml.statusCode(), xml.body());
        assertTrue(xml.body().contains("error"), xml.body());
        // a missing index answers like an empty one
        Reply none = get("/api/events?type=LabVlanUnregistered&from=2031-01-01T00:00:00Z", "auditor");
        assertEquals(200, none.status);
        assertEquals(0, none.body.get("total").asLong());
        assertEquals(0, none.body.get("events").size());
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
        assertEquals(403, get("/api/sessions?ip=10.1.0.37&at=2027-03-12T05:00:00Z", "operator").status);
        assertEquals(200, get("/api/sessions?ip=10.1.0.37&at=2027-03-12T05:00:00Z", "auditor").status);
        raw("/api/sessions", "mallory:guess", "application/json");
        await(() -> count(AuditIndices.AUDIT, "user.name", "operator") > 0 && count(AuditIndices.AUDIT, "user.name", "mallory") > 0);
        JsonNode log = get("/api/audit?user=auditor&action=search&size=1", "auditor").body;
        JsonNode last = log.at("/records/0");
        assertTrue(last.at("/url/query").asText().contains("ip=10.1.0.37"), log.toString());
        assertEquals(1, last.get("results").asLong(), "how many it found");
        assertEquals("127.0.0.1", last.at("/source/ip").asText());
        JsonNode refused = get("/api/audit?user=operator&outcome=failure", "auditor").body;
        assertTrue(refused.get("total").asLong() >= 1, refused.toString());
        assertEquals(403, refused.at("/records/0/http/response/status_code").asInt());
        JsonNode guessed = get("/api/audit?user=mallory", "auditor").body;
        assertEquals("refused", guessed.at("/records/0/event/action").asText(), guessed.toString());
        assertTrue(!guessed.toString().contains("guess"), "never the password");
        JsonNode exports = get("/api/audit?action=export", "auditor").body;
        assertTrue(exports.get("total").asLong() >= 1 && exports.at("/records/0/export").asBoolean(), exports.toString());
        assertEquals(403, get("/api/audit", "operator").status);
        // behind a trusted proxy, the address it forwards
        http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/whoami"))
                .header("Authorization", basic("auditor")).header("X-Forwarded-For", "203.0.113.99").build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals("203.0.113.99", get("/api/audit?action=login&size=1", "auditor").body.at("/records/0/source/ip").asText());

        // fail closed: with the audit index refusing writes, a search is refused, not answered
        es.indices().putSettings(p -> p.index(AuditIndices.AUDIT).settings(x -> x.blocks(b -> b.write(true))));
        try {
            Reply r = get("/api/sessions?account=alice", "auditor");
            assertEquals(503, r.status, r.body.toString());
            assertTrue(!r.body.has("sessions"), "no result leaves unrecorded");
            assertEquals(503, raw("/api/sessions?account=alice", "auditor", "text/csv").statusCode());
        } finally {
            es.indices().putSettings(p -> p.index(AuditIndices.AUDIT).settings(x -> x.blocks(b -> b.write(false))));
        }
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

    @Test
    @Order(9)
    void answersWhoHadARouteIntoALabVlanAndTheListsHistory() throws Exception {
        Instant t = Instant.parse("2027-08-01T09:00:00Z");
        commands.sendAndWait(new ImportAccessList(ImportAccessList.CAMPUS, List.of(new LabVlan(VlanNumber.parse("654321"),
                "ens3.9", CidrPrefix.parse("10.9.0.0/24"), Ipv4Address.parse("10.9.0.1"), Ipv4Address.parse("10.9.0.253"), 654321)),
                Set.of(AccessPair.parse("erin@654321")), "kuins-db", "noc-importer", t.minusSeconds(60)));
        String erin = session("erin", "erin@654321", null, t, t.plusSeconds(3600));
        session("frank", "frank@654321", null, t.plusSeconds(10), t.plusSeconds(600));
        await(() -> count(AuditIndices.SESSIONS, "network.vlan.id", "654321") == 1
                && count(AuditIndices.SESSIONS, "session.status", "closed") >= 2
                && count(AuditIndices.EVENTS, "event.action", "AccessListImported") >= 1);
        await(() -> {
            try {
                return get("/api/vlan-access?vlan=654321&at=" + enc("2027-08-01T18:30:00+09:00"), "auditor").body
                        .get("routes").size() == 1;
            } catch (Exception e) {
                return false;
            }
        });
        JsonNode during = get("/api/vlan-access?vlan=654321&at=" + enc("2027-08-01T18:30:00+09:00"), "auditor").body;
        assertEquals(erin, during.at("/routes/0/session/id").asText(), during.toString());
        assertEquals(0, get("/api/vlan-access?vlan=654321&at=2027-08-01T10:00:00Z", "auditor").body.get("routes").size(),
                "the route ended with the session");
        assertEquals(0, get("/api/vlan-access?vlan=654321&at=2027-08-01T08:59:59Z", "auditor").body.get("routes").size());
        JsonNode imports = get("/api/events?category=operator&type=AccessListImported", "auditor").body;
        assertTrue(imports.get("total").asLong() >= 1, imports.toString());
        assertEquals("noc-importer", imports.at("/events/0/requested_by").asText());
        // one import records its events at one instant: listed newest first in the store's order, not by their ids
        JsonNode vlanEvents = get("/api/events?category=vlan", "auditor").body;
        int sameInstant = 0;
        for (int i = 1; i < vlanEvents.get("events").size(); i++) {
            JsonNode before = vlanEvents.get("events").get(i - 1);
            JsonNode after = vlanEvents.get("events").get(i);
            if (before.get("@timestamp").asText().equals(after.get("@timestamp").asText())) {
                sameInstant++;
                assertTrue(before.at("/event/position").asLong() > after.at("/event/position").asLong(), vlanEvents.toString());
            }
        }
        assertTrue(sameInstant >= 1, "the import's events share an instant: " + vlanEvents);
        JsonNode pairs = get("/api/events?category=vlan&type=AccessPairGranted", "auditor").body;
        assertEquals("erin@654321", pairs.at("/events/0/payload/pair").asText(), pairs.toString());
        JsonNode march = get("/api/reports/monthly?month=2027-03", "auditor").body;
        assertEquals(31, march.get("per_day").size());
        assertEquals(2, march.at("/per_day/11/connections").asLong(), "12 March: alice and bob");
    }

    // --- helpers ---

    private String session(String account, String requested, String address, Instant start, Instant end) {
        return trail.session(account, requested, address, start, end);
    }

    private void awaitReleased(String sessionId) {
        trail.awaitReleased(sessionId);
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
        return trail.count(index, field, value);
    }

    private static void await(BooleanSupplier condition) {
        TrailFixture.await(condition, Duration.ofSeconds(30));
    }

    private static void await(BooleanSupplier condition, Duration limit) {
        TrailFixture.await(condition, limit);
    }

    private record Reply(int status, JsonNode body) {
    }

    private Reply get(String path, String user) throws Exception {
        HttpResponse<String> r = raw(path, user, "application/json");
        return new Reply(r.statusCode(), r.body().isEmpty() ? JSON.createObjectNode() : JSON.readTree(r.body()));
    }

    private HttpResponse<String> raw(String path, String user, String accept) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .header("Accept", accept)
                .header("Authorization", basic(user))
                .build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String basic(String user) {
        String credentials = user.contains(":") ? user : user + ":" + user + "-pass";
        return "Basic " + Base64.getEncoder().encodeToString(credentials.getBytes(StandardCharsets.UTF_8));
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

}
