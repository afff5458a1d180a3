package io.swanledger.audit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import io.swanledger.api.net.Ipv4Address;
import io.swanledger.it.Stores;
import io.swanledger.query.QuerySideApplication;
import io.swanledger.query.SessionQueries;
import io.swanledger.ui.UiProcess;
import java.net.CookieManager;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.http.HttpHost;
import org.elasticsearch.client.RestClient;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.servlet.context.ServletWebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;

/**
 * The who-held page over the simulated year: server time of the UI's page (UI → query side →
 * Elasticsearch, two searches and two audit records), beside the API's own who-held call (with its
 * audit record) and the bare Elasticsearch query. {@code mvn -B -pl audit-ui -am test -Pbenchmark
 * -Dtest=WhoHeldPageBenchmark -Dsurefire.failIfNoSpecifiedTests=false -Dswanledger.es.heap=3g}; a
 * shorter run: {@code -Dbench.days=31}.
 */
@Tag("benchmark")
class WhoHeldPageBenchmark {

    @Test
    void whoHeldPage() throws Exception {
        int days = Integer.getInteger("bench.days", 365);
        long perYear = Long.getLong("bench.sessionsPerYear", 2_200_000);
        int n = Integer.getInteger("bench.queries", 1000);
        ElasticsearchServer server = ElasticsearchServer.shared();
        RestClient rest = RestClient.builder(HttpHost.create(server.url())).build();
        ElasticsearchClient es = YearBenchmark.client(rest);
        System.out.printf("who-held page: indexing %d days of %,d sessions a year%n", days, perYear);
        YearBenchmark.Indexed indexed = YearBenchmark.index(es, days, perYear, 5000);
        long sessions = es.count(c -> c.index(AuditIndices.SESSIONS)).count();

        Stores stores = Stores.fresh(Stores.Kind.H2);
        String password = "auditor-pass";
        SpringApplicationBuilder b = new SpringApplicationBuilder(QuerySideApplication.class)
                .properties("server.port=0", "management.server.port=0", "spring.main.banner-mode=off", "logging.level.root=WARN",
                        "swanledger.elasticsearch.url=" + server.url(),
                        "swanledger.query.users[0].name=auditor",
                        // the cost operators use: what remembering verified passwords saves is part of the figure
                        "swanledger.query.users[0].password={bcrypt}" + new BCryptPasswordEncoder(10).encode(password),
                        "swanledger.query.users[0].roles[0]=AUDITOR",
                        "server.forward-headers-strategy=native", "server.tomcat.remoteip.internal-proxies=127\\.0\\.0\\.1");
        stores.properties().forEach((k, v) -> b.properties(k + "=" + v));
        try (ConfigurableApplicationContext querySide = b.run();
             UiProcess ui = UiProcess.start("swanledger.ui.query-url=http://127.0.0.1:"
                     + ((ServletWebServerApplicationContext) querySide).getWebServer().getPort())) {
            int queryPort = ((ServletWebServerApplicationContext) querySide).getWebServer().getPort();
            HttpClient http = HttpClient.newBuilder().cookieHandler(new CookieManager()).build();
            signIn(http, ui.url, "auditor", password);
            String basic = "Basic " + Base64.getEncoder().encodeToString(("auditor:" + password).getBytes(StandardCharsets.UTF_8));

            Random random = new Random(7);
            int first = Ipv4Address.parse("10.1.0.10").bits();
            long yearStart = Instant.parse("2026-01-01T00:00:00Z").toEpochMilli();
            long span = days * 86_400_000L;
            int warmup = 100;
            long[] direct = new long[n];
            long[] api = new long[n];
            long[] page = new long[n];
            int found = 0;
            for (int i = -warmup; i < n; i++) {
                Ipv4Address ip = new Ipv4Address(first + random.nextInt(2000));
                Instant at = Instant.ofEpochMilli(yearStart + (long) (random.nextDouble() * span));
                long t0 = System.nanoTime();
                var r = es.search(SessionQueries.whoHeldRequest(ip, at), Map.class);
                long t1 = System.nanoTime();
                HttpResponse<String> a = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + queryPort
                        + "/api/sessions?ip=" + ip + "&at=" + at)).header("Authorization", basic).build(),
                        HttpResponse.BodyHandlers.ofString());
                long t2 = System.nanoTime();
                HttpResponse<String> p = http.send(HttpRequest.newBuilder(URI.create(ui.url + "/?tz=utc&ip=" + ip + "&at=" + at))
                        .build(), HttpResponse.BodyHandlers.ofString());
                long t3 = System.nanoTime();
                assertEquals(200, a.statusCode(), a.body());
                assertEquals(200, p.statusCode());
                assertTrue(p.body().contains("id=\"answer\""), "the page answered");
                if (i >= 0) {
                    direct[i] = t1 - t0;
                    api[i] = t2 - t1;
                    page[i] = t3 - t2;
                    found += r.hits().hits().isEmpty() ? 0 : 1;
                }
            }
            String table = String.format("""
                    | simulated | sessions indexed | who-held, Elasticsearch query p50 / p99 ms | who-held, API (HTTP, Basic, audited) p50 / p99 ms | who-held page, UI → query side → Elasticsearch p50 / p99 ms | found |
                    |---|---:|---:|---:|---:|---:|
                    | %d days of %,d sessions/year | %,d | %.1f / %.1f | %.1f / %.1f | %.1f / %.1f | %d of %,d |
                    """, days, perYear, sessions, YearBenchmark.pct(direct, 0.5), YearBenchmark.pct(direct, 0.99),
                    YearBenchmark.pct(api, 0.5), YearBenchmark.pct(api, 0.99), YearBenchmark.pct(page, 0.5),
                    YearBenchmark.pct(page, 0.99), found, n);
            System.out.println("\n" + table + "(indexed " + indexed.events() + " events in " + Math.round(indexed.seconds()) + " s)");
            Path out = Path.of("target", "benchmarks");
            Files.createDirectories(out);
            Files.writeString(out.resolve("who-held-page.md"), table);
        } finally {
            stores.drop();
            rest.close();
        }
    }

    /** The sign-in form as a browser sends it: its CSRF token, then name and password. */
    private static void signIn(HttpClient http, String base, String name, String password) throws Exception {
        HttpResponse<String> form = http.send(HttpRequest.newBuilder(URI.create(base + "/login")).build(),
                HttpResponse.BodyHandlers.ofString());
        Matcher token = Pattern.compile("name=\"_csrf\" value=\"([^\"]+)\"").matcher(form.body());
        assertTrue(token.find());
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(base + "/login"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("username=" + name + "&password=" + password + "&_csrf=" + token.group(1)))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(302, r.statusCode());
    }
}
