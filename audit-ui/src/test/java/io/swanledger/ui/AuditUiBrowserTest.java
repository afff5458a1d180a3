package io.swanledger.ui;

import io.swanledger.it.Scratch;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import io.swanledger.api.identity.AccountName;
import io.swanledger.api.identity.AuthMethod;
import io.swanledger.api.identity.GatewayId;
import io.swanledger.api.identity.Identity;
import io.swanledger.api.identity.Nas;
import io.swanledger.api.identity.PoolId;
import io.swanledger.api.identity.SessionId;
import io.swanledger.api.identity.VlanNumber;
import io.swanledger.api.net.CidrPrefix;
import io.swanledger.api.net.Ipv4Address;
import io.swanledger.api.net.Ipv4Range;
import io.swanledger.api.net.PeerEndpoint;
import io.swanledger.api.pool.DefinePool;
import io.swanledger.api.session.AuthorizationResult;
import io.swanledger.api.session.AuthorizeSession;
import io.swanledger.api.session.CloseReason;
import io.swanledger.api.session.CloseSession;
import io.swanledger.api.session.EstablishSession;
import io.swanledger.api.session.RecordAuthenticationRejection;
import io.swanledger.api.session.Usage;
import io.swanledger.api.vlan.AccessPair;
import io.swanledger.api.vlan.ImportAccessList;
import io.swanledger.api.vlan.LabVlan;
import io.swanledger.audit.AuditIndices;
import io.swanledger.audit.ElasticsearchServer;
import io.swanledger.it.Stores;
import io.swanledger.query.QuerySideApplication;
import io.swanledger.query.TrailFixture;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BooleanSupplier;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.servlet.context.ServletWebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;

/**
 * Each page of the audit UI in a real Chromium, against the real query side and a real
 * Elasticsearch, fed by events the real command side recorded. The UI runs as its own JVM; every
 * page is photographed into audit-ui/target/screenshots.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AuditUiBrowserTest {

    private static final PoolId POOL = TrailFixture.POOL;
    private static final GatewayId GW = TrailFixture.GW;
    private static final Nas NAS = TrailFixture.NAS;

    private Stores stores;
    private ConfigurableApplicationContext querySide;
    private CommandGateway commands;
    private ElasticsearchClient es;
    private TrailFixture trail;
    private UiProcess ui;
    private Browser browser;
    private final HttpClient http = HttpClient.newHttpClient();
    private String alice;
    private String bob;

    @BeforeAll
    void start() throws Exception {
        assumeTrue(Browser.available(), "needs Debian's chromium and chromium-driver");
        ElasticsearchServer server = ElasticsearchServer.shared();
        stores = Stores.fresh(Stores.Kind.H2);
        BCryptPasswordEncoder bcrypt = new BCryptPasswordEncoder(4);
        SpringApplicationBuilder b = new SpringApplicationBuilder(QuerySideApplication.class)
                .properties("server.port=0", "management.server.port=0", "spring.main.banner-mode=off", "logging.level.root=WARN",
                        "swanledger.session.establish-timeout=1h",
                        "swanledger.elasticsearch.url=" + server.url(),
                        "swanledger.elasticsearch.batch-size=200",
                        "swanledger.query.users[0].name=auditor",
                        "swanledger.query.users[0].password={bcrypt}" + bcrypt.encode("auditor-pass"),
                        "swanledger.query.users[0].roles[0]=AUDITOR",
                        "swanledger.query.users[1].name=operator",
                        "swanledger.query.users[1].password={bcrypt}" + bcrypt.encode("operator-pass"),
                        "swanledger.query.users[1].roles[0]=OPERATOR",
                        "server.forward-headers-strategy=native",
                        "server.tomcat.remoteip.internal-proxies=127\\.0\\.0\\.1");
        stores.properties().forEach((k, v) -> b.properties(k + "=" + v));
        querySide = b.run("--swanledger.command-side.enabled=true");
        int queryPort = ((ServletWebServerApplicationContext) querySide).getWebServer().getPort();
        commands = querySide.getBean(CommandGateway.class);
        es = querySide.getBean(ElasticsearchClient.class);
        trail = new TrailFixture(querySide);
        seed();
        ui = UiProcess.start("swanledger.ui.query-url=http://127.0.0.1:" + queryPort, "swanledger.ui.site-zone=Asia/Tokyo",
                "swanledger.ui.gateways[0].name=vpn1", "swanledger.ui.gateways[0].url=http://127.0.0.1:" + UiProcess.freePort());
        browser = new Browser(ui.url);
    }

    @AfterAll
    void stop() throws Exception {
        if (browser != null) {
            browser.close();
        }
        if (ui != null) {
            ui.close();
        }
        if (querySide != null) {
            querySide.close();
        }
        if (stores != null) {
            stores.drop();
        }
    }

    @BeforeEach
    void signedOut() {
        if (browser != null) {
            browser.signOut();
            browser.consoleErrors(); // what earlier tests logged (their 403 pages) is read and dropped
        }
    }

    private void seed() {
        commands.sendAndWait(new DefinePool(POOL, CidrPrefix.parse("10.1.0.0/16"),
                List.of(Ipv4Range.parse("10.1.0.10-10.1.3.250")), Set.of(), Duration.ZERO, "test", Instant.now()));
        alice = session("alice", "alice@123456", "10.1.0.37", Instant.parse("2027-03-12T05:00:00Z"),
                Instant.parse("2027-03-12T05:10:00Z"), null);
        // the saga gives alice's address back after her close; bob gets it a minute later
        trail.awaitReleased(alice);
        bob = session("bob", "bob", "10.1.0.37", Instant.parse("2027-03-12T05:11:00Z"), null, null);
        for (int i = 0; i < 27; i++) {
            Instant at = Instant.parse("2027-04-01T00:00:00Z").plus(Duration.ofHours(i));
            session("student", "student", null, at, at.plusSeconds(300 + 600L * i), null);
        }
        commands.sendAndWait(new ImportAccessList(ImportAccessList.CAMPUS, List.of(new LabVlan(VlanNumber.parse("654321"),
                "ens3.9", CidrPrefix.parse("10.9.0.0/24"), Ipv4Address.parse("10.9.0.1"), Ipv4Address.parse("10.9.0.253"), 654321)),
                Set.of(AccessPair.parse("erin@654321")), "kuins-db", "noc-importer", Instant.parse("2027-08-01T08:00:00Z")));
        session("erin", "erin@654321", null, Instant.parse("2027-08-01T09:00:00Z"), Instant.parse("2027-08-01T10:00:00Z"), null);
        session("dave", "dave", null, Instant.parse("2027-03-20T01:00:00Z"), Instant.parse("2027-03-20T02:00:00Z"), "noc-jdoe");
        commands.sendAndWait(new RecordAuthenticationRejection(AccountName.of("mallory"), null,
                new PeerEndpoint("198.51.100.9", 4500), NAS, RecordAuthenticationRejection.Reason.UPSTREAM_REJECT,
                "wrong password", null, null, GW, Instant.parse("2027-03-15T00:00:00Z")));
        await(() -> count(AuditIndices.SESSIONS, null, null) == 31 && count(AuditIndices.SESSIONS, "session.established", null) == 31
                && count(AuditIndices.SESSIONS, "session.status", "closed") == 30
                && count(AuditIndices.EVENTS, "event.action", "AuthenticationRejected") == 1
                && count(AuditIndices.EVENTS, "event.action", "AccessListImported") == 1, Duration.ofSeconds(60));
    }

    @Test
    void anAnonymousVisitorIsSentToSignInAndAWrongPasswordIsRefused() throws Exception {
        browser.open("/sessions?account=alice");
        assertTrue(browser.path().startsWith("/login"), browser.path());
        browser.open("/login");
        browser.driver.findElement(By.id("username")).sendKeys("auditor");
        browser.driver.findElement(By.id("password")).sendKeys("not-the-password");
        browser.driver.findElement(By.id("sign-in")).click();
        browser.waitFor(d -> browser.has("login-error"));
        browser.screenshot("00-sign-in-refused");
        HttpResponse<String> login = http.send(HttpRequest.newBuilder(URI.create(ui.url + "/login")).build(),
                HttpResponse.BodyHandlers.ofString());
        String csp = login.headers().firstValue("Content-Security-Policy").orElse("");
        assertTrue(csp.contains("script-src 'self'") && !csp.contains("unsafe-inline"), csp);
        assertFalse(login.body().contains("<script>"), "no inline script");
        assertTrue(login.headers().allValues("Set-Cookie").stream().allMatch(c -> c.contains("SameSite=Strict") && c.contains("HttpOnly")),
                login.headers().allValues("Set-Cookie").toString());
    }

    @Test
    void whoHeldAnswersWithTheHolderInTheZoneShownAndAPictureOfTheDay() throws Exception {
        browser.signIn("auditor", "auditor-pass");
        // typed as a datetime-local field would send it: no offset, read in the site's zone
        browser.open("/?ip=10.1.0.37&at=2027-03-12T14:05");
        browser.waitFor(d -> browser.has("answer"));
        browser.screenshot("01-who-held");
        assertTrue(browser.driver.getCurrentUrl().contains("at=2027-03-12T14%3A05%3A00%2B09%3A00"),
                "the URL now carries the offset: " + browser.driver.getCurrentUrl());
        assertEquals("alice", browser.all(".holder .account").get(0).getText());
        assertTrue(browser.text("zone").startsWith("Asia/Tokyo"), browser.text("zone"));
        assertTrue(browser.driver.findElement(By.cssSelector(".holder .lease")).getText().startsWith("2027-03-12T14:00:00+09:00"));
        List<WebElement> bars = browser.all("#lease-picture rect");
        assertEquals(2, bars.size(), "alice, then bob, on the address that day");
        assertEquals(2, browser.all("#leases tbody tr").size());
        assertNoConsoleErrors();
        String permalink = browser.driver.findElement(By.id("permalink")).getAttribute("href");

        browser.driver.findElement(By.id("switch-zone")).click();
        browser.waitFor(d -> browser.text("zone").equals("UTC"));
        assertTrue(browser.driver.findElement(By.cssSelector(".holder .lease")).getText().startsWith("2027-03-12T05:00:00Z"),
                "the same lease in UTC");
        // the permalink means the same instant whatever the zone shown
        browser.driver.get(permalink);
        browser.waitFor(d -> browser.has("answer"));
        assertEquals("alice", browser.all(".holder .account").get(0).getText());
        browser.open("/?ip=10.1.0.37&at=2027-03-12T05:10:30Z&tz=utc");
        browser.waitFor(d -> browser.has("nobody"));
    }

    @Test
    void sessionsSearchPagesBothWaysAndExportsExactlyTheRangeChosen() throws Exception {
        browser.signIn("auditor", "auditor-pass");
        browser.open("/sessions?account=student&from=2027-04-01T00:00:00Z&to=2027-05-01T00:00:00Z&tz=utc");
        assertEquals("27", browser.text("total"));
        List<String> first = ids();
        assertEquals(25, first.size());
        browser.screenshot("02-sessions");
        browser.driver.findElement(By.id("next")).click();
        browser.waitFor(d -> ids().size() == 2);
        assertFalse(ids().stream().anyMatch(first::contains), "no row twice");
        browser.driver.findElement(By.id("previous")).click();
        browser.waitFor(d -> ids().size() == 25);
        assertEquals(first, ids(), "previous leads back to the same rows");
        assertTrue(browser.text("export-cap").contains("27 of 27"), browser.text("export-cap"));

        String href = browser.driver.findElement(By.id("export")).getAttribute("href");
        HttpResponse<String> csv = asBrowser(href);
        assertEquals(200, csv.statusCode());
        assertEquals(28, csv.body().split("\n").length, "a header and every match");
        assertTrue(csv.headers().firstValue("Content-Disposition").orElse("")
                .matches("attachment; filename=\"sessions_account-student_from-20270401T000000Z_to-20270501T000000Z_\\d{8}T\\d{6}Z\\.csv\""),
                csv.headers().toString());
        // a narrower range exports only that range
        browser.open("/sessions?account=student&from=2027-04-01T00:00:00Z&to=2027-04-01T05:00:00Z&tz=utc");
        assertEquals("5", browser.text("total"));
        HttpResponse<String> narrow = asBrowser(browser.driver.findElement(By.id("export")).getAttribute("href"));
        assertEquals(6, narrow.body().split("\n").length, narrow.body());
    }

    @Test
    void aSessionShowsItsSummaryAndItsWholeTimeline() throws Exception {
        browser.signIn("auditor", "auditor-pass");
        browser.open("/sessions/" + alice + "?tz=utc");
        assertEquals(alice, browser.text("session-id"));
        assertTrue(browser.has("closed"));
        assertEquals("disconnected", browser.text("close-reason"));
        assertTrue(browser.text("vlan-decision").startsWith("denied"), browser.text("vlan-decision"));
        List<String> actions = browser.all("#timeline td.action").stream().map(WebElement::getText).toList();
        assertTrue(actions.containsAll(List.of("SessionAuthorized", "AddressAssigned", "SessionEstablished", "SessionClosed")),
                actions.toString());
        browser.screenshot("03-session");
    }

    @Test
    void labVlanAccessShowsWhoHadARouteAndTheListsHistory() throws Exception {
        browser.signIn("auditor", "auditor-pass");
        browser.open("/vlan-access?vlan=654321&at=2027-08-01T18:30:00%2B09:00&from=2027-07-01T00:00:00Z&tz=site");
        assertEquals(1, browser.all("#route-table tbody tr").size());
        assertEquals("erin", browser.all("#route-table .account").get(0).getText());
        String history = browser.driver.findElement(By.id("history")).getText();
        assertTrue(history.contains("AccessListImported") && history.contains("noc-importer") && history.contains("granted erin@654321"),
                history);
        browser.screenshot("04-vlan-access");
        browser.open("/vlan-access?vlan=654321&at=2027-08-01T10:00:00Z&tz=site");
        assertTrue(browser.has("no-route"), "the route ended with the session");
    }

    @Test
    void eventsFindFailedLoginsAndOperatorActions() throws Exception {
        browser.signIn("auditor", "auditor-pass");
        browser.open("/events?tz=utc");
        browser.driver.findElement(By.id("failed-logins")).click();
        browser.waitFor(d -> !browser.all("#results td.account").isEmpty());
        assertEquals(List.of("mallory"), browser.all("#results td.account").stream().map(WebElement::getText).toList());
        browser.screenshot("05-failed-logins");
        browser.driver.findElement(By.id("operator-actions")).click();
        browser.waitFor(d -> browser.all("#results td.by").stream().anyMatch(e -> e.getText().equals("noc-jdoe")));
        assertTrue(browser.all("#results td.by").stream().anyMatch(e -> e.getText().equals("noc-importer")));
        browser.screenshot("05-operator-actions");
    }

    @Test
    void anOperatorSeesLiveSessionsAndMustGiveAReasonToTerminate() throws Exception {
        browser.signIn("operator", "operator-pass");
        assertTrue(browser.path().startsWith("/live"), "an operator lands on the live sessions: " + browser.path());
        List<WebElement> rows = browser.all("#live tbody tr");
        assertTrue(rows.stream().anyMatch(r -> bob.equals(r.getAttribute("data-session"))), "bob is live");
        browser.screenshot("06-live");
        browser.open("/live/" + bob + "/terminate?tz=utc");
        assertEquals("bob", browser.text("terminate-account"));
        browser.driver.findElement(By.id("confirm-terminate")).click(); // no reason: the browser does not send it
        assertTrue(browser.path().startsWith("/live/" + bob + "/terminate"));
        browser.driver.findElement(By.id("reason")).sendKeys("compromised laptop, ticket 4711");
        browser.screenshot("06-terminate-confirm");
        browser.driver.findElement(By.id("confirm-terminate")).click();
        browser.waitFor(d -> browser.has("problem"));
        assertTrue(browser.text("problem").contains("cannot be reached"), "this run has no gateway: " + browser.text("problem"));
        browser.open("/sessions/" + bob);
        assertTrue(browser.has("open"), "nothing was recorded");
    }

    @Test
    void reportsShowFiguresChartsACsvAndAPrintableView() throws Exception {
        browser.signIn("auditor", "auditor-pass");
        browser.open("/reports?month=2027-03");
        assertEquals("3", browser.text("connections"), "alice, bob and dave");
        assertEquals("1", browser.text("failed-logins"));
        for (String chart : List.of("chart-connections", "chart-peak", "chart-vlans", "chart-durations")) {
            assertFalse(browser.driver.findElement(By.id(chart)).findElements(By.tagName("svg")).isEmpty(), chart);
        }
        assertEquals(31, browser.all("#chart-connections rect").size(), "a bar per day of March");
        assertNoConsoleErrors();
        browser.screenshot("07-report");
        HttpResponse<String> csv = asBrowser(browser.driver.findElement(By.id("report-csv")).getAttribute("href"));
        assertTrue(csv.body().contains("connections,,3") && csv.body().contains("day_connections,2027-03-12,2"), csv.body());
        browser.driver.findElement(By.id("print-view")).click();
        browser.waitFor(d -> d.findElements(By.id("sign-out")).isEmpty());
        browser.screenshot("07-report-print");
    }

    @Test
    void everySearchFromTheUiIsRecordedUnderThePersonsNameWithItsQuery() throws Exception {
        browser.signIn("auditor", "auditor-pass");
        Map<String, String> pages = new java.util.LinkedHashMap<>();
        pages.put("/?ip=10.1.0.38&at=2027-03-12T05:00:00Z&tz=utc", "/api/sessions");
        pages.put("/sessions?account=student&tz=utc", "/api/sessions");
        pages.put("/vlan-access?vlan=654321&at=2027-08-01T09:30:00Z&tz=utc", "/api/vlan-access");
        pages.put("/events?type=AuthenticationRejected&tz=utc", "/api/events");
        pages.put("/reports?month=2027-03", "/api/reports/monthly");
        pages.put("/sessions/" + alice + "?tz=utc", "/api/sessions/" + alice);
        for (Map.Entry<String, String> page : pages.entrySet()) {
            browser.open(page.getKey());
            assertFalse(browser.has("problem"), page.getKey());
        }
        browser.open("/audit?user=auditor&tz=utc");
        List<String> queries = browser.all("#results td.query").stream().map(WebElement::getText).toList();
        assertTrue(queries.stream().anyMatch(q -> q.contains("ip=10.1.0.38")), queries.toString());
        browser.screenshot("08-audit-log");

        es.indices().refresh(r -> r.index(AuditIndices.AUDIT));
        for (String path : new java.util.LinkedHashSet<>(pages.values())) {
            var hits = es.search(s -> s.index(AuditIndices.AUDIT).size(100)
                    .query(q -> q.term(t -> t.field("url.path").value(path))), Map.class).hits().hits();
            assertFalse(hits.isEmpty(), "the UI's call to " + path + " is recorded");
            for (var h : hits) {
                Map<?, ?> record = h.source();
                assertTrue(List.of("auditor", "operator", "noc-jdoe").contains(((Map<?, ?>) record.get("user")).get("name")),
                        "a person, never a service account: " + record);
            }
        }
        // the who-held search: the person, the query, how many it found, and the browser's address
        var hits = es.search(s -> s.index(AuditIndices.AUDIT).size(1)
                .query(q -> q.bool(x -> x.filter(f -> f.term(t -> t.field("url.query").value("ip=10.1.0.38&at=2027-03-12T05%3A00%3A00Z")))))
                .sort(o -> o.field(f -> f.field("@timestamp").order(co.elastic.clients.elasticsearch._types.SortOrder.Desc))),
                Map.class).hits().hits();
        assertEquals(1, hits.size(), "the who-held search is recorded");
        Map<?, ?> record = hits.get(0).source();
        assertEquals("auditor", ((Map<?, ?>) record.get("user")).get("name"));
        assertEquals(0, ((Number) record.get("results")).intValue());
        assertEquals("127.0.0.1", ((Map<?, ?>) record.get("source")).get("ip"));
    }

    @Test
    void rolesAreEnforcedInTheBrowserAndAForgedPostIsRefused() throws Exception {
        browser.signIn("operator", "operator-pass");
        for (String page : List.of("/reports?month=2027-03", "/sessions/export.csv?account=alice", "/audit", "/sessions?account=alice")) {
            browser.open(page);
            assertEquals("403", browser.text("status"), page);
        }
        assertTrue(browser.all("nav a").stream().noneMatch(a -> a.getText().equals("Reports")), "no link an operator cannot use");
        HttpResponse<String> forged = http.send(HttpRequest.newBuilder(URI.create(ui.url + "/live/" + bob + "/terminate"))
                .header("Cookie", browser.cookieHeader()).header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("reason=forged")).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(403, forged.statusCode(), "no CSRF token, no terminate");
        browser.screenshot("09-operator-refused-report");

        browser.signOut();
        browser.signIn("auditor", "auditor-pass");
        browser.open("/live?tz=utc");
        assertTrue(browser.all("a.terminate").isEmpty(), "an auditor is offered no terminate");
        browser.open("/live/" + bob + "/terminate");
        assertEquals("403", browser.text("status"));
    }

    @Test
    void servesTlsFromASelfSignedKeystoreAndEndsASignInAfterItsAbsoluteLifetime() throws Exception {
        java.nio.file.Path dir = Scratch.directory("swanledger-ui-tls-");
        java.nio.file.Path keystore = dir.resolve("ui.p12");
        Process keytool = new ProcessBuilder(java.nio.file.Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
                "-genkeypair", "-alias", "ui", "-keyalg", "EC", "-groupname", "secp256r1", "-dname", "CN=127.0.0.1",
                "-ext", "SAN=ip:127.0.0.1", "-validity", "2", "-storetype", "PKCS12", "-keystore", keystore.toString(),
                "-storepass", "ui-keystore-pass").redirectErrorStream(true).start();
        assertEquals(0, keytool.waitFor(), new String(keytool.getInputStream().readAllBytes()));
        java.security.KeyStore trust = java.security.KeyStore.getInstance("PKCS12");
        try (var in = java.nio.file.Files.newInputStream(keystore)) {
            trust.load(in, "ui-keystore-pass".toCharArray());
        }
        var tmf = javax.net.ssl.TrustManagerFactory.getInstance(javax.net.ssl.TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(trust);
        var tls = javax.net.ssl.SSLContext.getInstance("TLS");
        tls.init(null, tmf.getTrustManagers(), null);
        int queryPort = ((ServletWebServerApplicationContext) querySide).getWebServer().getPort();
        try (UiProcess secure = UiProcess.startTls("ui-keystore-pass", keystore, "swanledger.ui.query-url=http://127.0.0.1:" + queryPort,
                "swanledger.ui.absolute-lifetime=6s")) {
            HttpClient client = HttpClient.newBuilder().sslContext(tls).cookieHandler(new java.net.CookieManager()).build();
            long since = System.nanoTime(); // before the session exists
            HttpResponse<String> login = client.send(HttpRequest.newBuilder(URI.create(secure.url + "/login")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(200, login.statusCode());
            assertTrue(login.headers().allValues("Set-Cookie").stream().allMatch(c -> c.contains("Secure")), "cookies only over TLS");
            var token = java.util.regex.Pattern.compile("name=\"_csrf\" value=\"([^\"]+)\"").matcher(login.body());
            assertTrue(token.find(), "the sign-in form carries a CSRF token");
            HttpResponse<String> signedIn = client.send(HttpRequest.newBuilder(URI.create(secure.url + "/login"))
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(HttpRequest.BodyPublishers.ofString("username=auditor&password=auditor-pass&_csrf=" + token.group(1))).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(302, signedIn.statusCode());
            assertEquals(secure.url + "/", signedIn.headers().firstValue("Location").orElse(""));
            // active all along, yet signed out once the absolute lifetime is over
            while (true) {
                HttpResponse<String> r = client.send(HttpRequest.newBuilder(URI.create(secure.url + "/reports?month=2027-03")).build(),
                        HttpResponse.BodyHandlers.ofString());
                double seconds = (System.nanoTime() - since) / 1e9;
                if (r.statusCode() == 302) {
                    assertTrue(r.headers().firstValue("Location").orElse("").contains("/login?expired"), r.headers().toString());
                    assertTrue(seconds >= 5.95, "not before the lifetime: " + seconds);
                    break;
                }
                assertEquals(200, r.statusCode());
                assertTrue(seconds < 20, "the sign-in outlived its lifetime");
                Thread.sleep(500);
            }
        }
    }

    // --- helpers ---

    private List<String> ids() {
        return browser.all("#results a.session-link").stream().map(WebElement::getText).toList();
    }

    private HttpResponse<String> asBrowser(String url) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(url)).header("Cookie", browser.cookieHeader()).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private void assertNoConsoleErrors() {
        List<String> errors = browser.consoleErrors().stream().filter(e -> !e.contains("favicon")).toList();
        assertTrue(errors.isEmpty(), "the page logged errors (a CSP refusal?): " + errors);
    }

    private String session(String account, String requested, String address, Instant start, Instant end, String closedBy) {
        return trail.session(account, requested, address, start, end, closedBy);
    }

    private long count(String index, String field, String value) {
        return trail.count(index, field, value);
    }

    private static void await(BooleanSupplier condition, Duration limit) {
        TrailFixture.await(condition, limit);
    }
}
