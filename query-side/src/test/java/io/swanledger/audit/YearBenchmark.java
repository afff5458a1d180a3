package io.swanledger.audit;

import static org.junit.jupiter.api.Assertions.assertEquals;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch._types.SortOrder;
import co.elastic.clients.json.jackson.JacksonJsonpMapper;
import co.elastic.clients.transport.rest_client.RestClientTransport;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.swanledger.api.net.Ipv4Address;
import io.swanledger.query.SessionQueries;
import io.swanledger.report.Reports;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Arrays;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.apache.http.HttpHost;
import org.axonframework.config.Configuration;
import org.axonframework.config.Configurer;
import org.axonframework.config.DefaultConfigurer;
import org.axonframework.eventhandling.TrackingEventProcessor;
import org.axonframework.eventhandling.tokenstore.inmemory.InMemoryTokenStore;
import org.elasticsearch.client.RestClient;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The simulated year through the real projection into the real Elasticsearch, then the queries the
 * security team runs. {@code mvn -B -pl query-side -am test -Pbenchmark -Dtest=YearBenchmark
 * -Dsurefire.failIfNoSpecifiedTests=false}; a shorter run: {@code -Dbench.days=31}.
 */
@Tag("benchmark")
class YearBenchmark {

    @Test
    void simulatedYear() throws Exception {
        int days = Integer.getInteger("bench.days", 365);
        long perYear = Long.getLong("bench.sessionsPerYear", 2_200_000);
        int batch = Integer.getInteger("bench.batch", 5000);
        ElasticsearchServer server = ElasticsearchServer.shared();
        RestClient rest = RestClient.builder(HttpHost.create(server.url())).build();
        ElasticsearchClient es = client(rest);
        System.out.printf("simulated year: %d days, %,d sessions a year; Elasticsearch heap %s, batch %d%n", days, perYear,
                System.getProperty("swanledger.es.heap", "512m"), batch);
        Indexed indexed = index(es, days, perYear, batch);
        long events = indexed.events();
        double seconds = indexed.seconds();
        long sessions = es.count(c -> c.index(AuditIndices.SESSIONS)).count();
        long timeline = es.count(c -> c.index(AuditIndices.EVENTS)).count();
        assertEquals(events, timeline, "every event is on the timeline");
        var stats = es.indices().stats(s -> s.index("swanledger-*"));
        long sessionBytes = 0;
        long eventBytes = 0;
        for (var e : stats.indices().entrySet()) {
            long b = e.getValue().primaries().store().sizeInBytes();
            if (e.getKey().startsWith(AuditIndices.SESSIONS)) {
                sessionBytes += b;
            } else {
                eventBytes += b;
            }
        }

        // queried at once, while Elasticsearch may still be merging what the replay wrote
        Queries now = queries(es, days, new Random(7));
        long m0 = System.nanoTime();
        long merging = mergesRunning(es);
        while (merging > 0 && System.nanoTime() - m0 < TimeUnit.MINUTES.toNanos(15)) {
            Thread.sleep(1000);
            merging = mergesRunning(es);
        }
        System.out.printf("merges finished %.0f s after the first queries (%d still running)%n", (System.nanoTime() - m0) / 1e9, merging);
        Queries settled = queries(es, days, new Random(8));
        long[] whoHeld = now.whoHeld();
        long[] accountSearch = now.accountSearch();
        int found = now.found();
        Reports reports = new Reports(es);
        long r0 = System.nanoTime();
        // March when the run covers it, else January
        boolean hasMarch = days >= 90;
        Map<String, Object> march = reports.report(hasMarch ? "2026-03" : "2026-01",
                Instant.parse(hasMarch ? "2026-03-01T00:00:00Z" : "2026-01-01T00:00:00Z"),
                Instant.parse(hasMarch ? "2026-04-01T00:00:00Z" : "2026-02-01T00:00:00Z"));
        double reportSeconds = (System.nanoTime() - r0) / 1e9;

        String table = String.format("""
                | simulated | sessions indexed | timeline events | indexing (events/s) | bytes per session (session doc) | bytes per session (incl. timeline) | who-held p50 / p99 ms (%d of 1,000 found) | account search p50 / p99 ms | monthly report s |
                |---|---:|---:|---:|---:|---:|---:|---:|---:|
                | %d days of %,d sessions/year | %,d | %,d | %,.0f | %,d | %,d | %.1f / %.1f | %.1f / %.1f | %.1f |
                """, found, days, perYear, sessions, timeline, events / seconds, sessionBytes / Math.max(1, sessions),
                (sessionBytes + eventBytes) / Math.max(1, sessions), pct(whoHeld, 0.5), pct(whoHeld, 0.99),
                pct(accountSearch, 0.5), pct(accountSearch, 0.99), reportSeconds);
        table += String.format("%nOnce Elasticsearch's merges had finished, other random queries: who-held p50 / p99 %.1f / %.1f ms"
                + " (%d of 1,000 found), account search p50 / p99 %.1f / %.1f ms%n", pct(settled.whoHeld(), 0.5),
                pct(settled.whoHeld(), 0.99), settled.found(), pct(settled.accountSearch(), 0.5), pct(settled.accountSearch(), 0.99));
        System.out.println("\n" + table);
        System.out.println("report: " + march);
        Path out = Path.of("target", "benchmarks");
        Files.createDirectories(out);
        Files.writeString(out.resolve("year.md"), table + "\nreport: " + march + "\n");
        rest.close();
    }

    /** Query latencies in nanoseconds; {@code found}: who-held queries that named a session. */
    record Queries(long[] whoHeld, long[] accountSearch, int found) {
    }

    /** 1,000 who-held queries (a random address of the pool at a random instant) and 1,000 account searches. */
    static Queries queries(ElasticsearchClient es, int days, Random random) throws IOException {
        int first = Ipv4Address.parse("10.1.0.10").bits();
        long yearStart = Instant.parse("2026-01-01T00:00:00Z").toEpochMilli();
        long span = days * 86_400_000L;
        long[] whoHeld = new long[1000];
        int found = 0;
        for (int i = 0; i < whoHeld.length; i++) {
            Ipv4Address ip = new Ipv4Address(first + random.nextInt(2000));
            Instant at = Instant.ofEpochMilli(yearStart + (long) (random.nextDouble() * span));
            long q0 = System.nanoTime();
            var r = es.search(SessionQueries.whoHeldRequest(ip, at), Map.class);
            whoHeld[i] = System.nanoTime() - q0;
            found += r.hits().hits().isEmpty() ? 0 : 1;
        }
        long[] accountSearch = new long[1000];
        for (int i = 0; i < accountSearch.length; i++) {
            String account = "u" + random.nextInt(40_000);
            long q0 = System.nanoTime();
            es.search(s -> s.index(AuditIndices.SESSIONS).size(50)
                    .query(SessionQueries.accountSearch(account))
                    .sort(o -> o.field(f -> f.field("@timestamp").order(SortOrder.Desc)))
                    .sort(o -> o.field(f -> f.field("session.id").order(SortOrder.Desc))), Map.class);
            accountSearch[i] = System.nanoTime() - q0;
        }
        return new Queries(whoHeld, accountSearch, found);
    }

    /** Merges running in the swanledger indices. */
    static long mergesRunning(ElasticsearchClient es) throws IOException {
        return es.indices().stats(s -> s.index("swanledger-*")).indices().values().stream()
                .mapToLong(i -> i.total() == null || i.total().merges() == null ? 0 : i.total().merges().current()).sum();
    }

    /** How many events the projection indexed, and in how many seconds. */
    record Indexed(long events, double seconds) {
    }

    /** The client the benchmarks use: Jackson as the query side configures it. */
    static ElasticsearchClient client(RestClient rest) {
        return new ElasticsearchClient(new RestClientTransport(rest, new JacksonJsonpMapper(mapper())));
    }

    private static ObjectMapper mapper() {
        return new ObjectMapper(JsonFactory.builder().disable(JsonFactory.Feature.INTERN_FIELD_NAMES).build())
                .findAndRegisterModules().disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
                .disable(SerializationFeature.WRITE_DURATIONS_AS_TIMESTAMPS)
                .disable(DeserializationFeature.ADJUST_DATES_TO_CONTEXT_TIME_ZONE);
    }

    /**
     * Replaces every swanledger index with {@code days} of a simulated year fed through the real
     * projection, printing progress every 5 s; refreshed when it returns.
     */
    static Indexed index(ElasticsearchClient es, int days, long perYear, int batch) throws Exception {
        es.indices().delete(d -> d.index("swanledger-*").ignoreUnavailable(true).allowNoIndices(true));
        GeneratedEventSource source = new GeneratedEventSource(() -> new SimulatedYear(20261127L, 2026, perYear, days));
        BulkWriter bulk = new BulkWriter(es);
        Configurer configurer = DefaultConfigurer.defaultConfiguration();
        ElasticsearchProjection.module(batch).configureModule(configurer);
        configurer.eventProcessing(ep -> ep.registerTokenStore(c -> new InMemoryTokenStore())
                .registerTrackingEventProcessor(ElasticsearchProjection.GROUP, c -> source));
        configurer.registerEventHandler(c -> new SessionDocuments(bulk, es));
        configurer.registerEventHandler(c -> new EventTimeline(bulk, mapper()));
        Configuration axon = configurer.buildConfiguration();
        long t0 = System.nanoTime();
        axon.start();
        TrackingEventProcessor tep = axon.eventProcessingConfiguration()
                .eventProcessor(ElasticsearchProjection.GROUP, TrackingEventProcessor.class).orElseThrow();
        long last = 0;
        long lastAt = t0;
        long end;
        // polled every 100 ms so that the end is timed to 0.1 s; progress printed every 5 s
        for (int tick = 1; ; tick++) {
            Thread.sleep(100);
            long position = tep.processingStatus().values().stream().findFirst()
                    .flatMap(s -> s.getCurrentPosition().isPresent() ? java.util.Optional.of(s.getCurrentPosition().getAsLong())
                            : java.util.Optional.empty()).orElse(-1L) + 1;
            long now = System.nanoTime();
            boolean done = position > 0 && position == source.produced() && !tep.isError()
                    && tep.processingStatus().values().stream().allMatch(s -> s.isCaughtUp());
            if (tick % 50 == 0 || done) {
                System.out.printf("  %,d events indexed (%.0f events/s now, %.0f overall)%n", position,
                        (position - last) / ((now - lastAt) / 1e9), position / ((now - t0) / 1e9));
                last = position;
                lastAt = now;
                if (tep.isError()) {
                    System.out.println("  processor in error; it retries");
                }
            }
            if (done) {
                end = now;
                break;
            }
        }
        double seconds = (end - t0) / 1e9;
        axon.shutdown();
        es.indices().refresh(r -> r.index("swanledger-*"));
        return new Indexed(last, seconds);
    }

    static double pct(long[] nanos, double q) {
        long[] s = nanos.clone();
        Arrays.sort(s);
        return s[Math.min(s.length - 1, (int) Math.ceil(q * s.length) - 1)] / 1e6;
    }

}
