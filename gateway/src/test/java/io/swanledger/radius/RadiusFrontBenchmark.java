package io.swanledger.radius;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.swanledger.gateway.GatewayApplication;
import io.swanledger.it.Stores;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Side by side, one run, one load generator: (a) the anchor — FreeRADIUS alone, allocating with
 * rlm_sqlippool on PostgreSQL; (b) the gateway relaying to a FreeRADIUS that only accepts and
 * allocating through the PostgreSQL event store; (c) that accept-only FreeRADIUS alone, so that the
 * latency the gateway adds can be read off. Run: {@code mvn -B -pl gateway -am test -Pbenchmark
 * -Dtest=RadiusFrontBenchmark -Dsurefire.failIfNoSpecifiedTests=false}.
 */
@Tag("benchmark")
class RadiusFrontBenchmark {

    private static final String SECRET = "bench-secret-0123456789";
    private static final int THROUGHPUT_REQUESTS = Integer.getInteger("bench.requests", 10_000);
    private static final int IN_FLIGHT = Integer.getInteger("bench.inFlight", 32);
    private static final int LATENCY_REQUESTS = 2_000;
    private static final int WARM_UP = Integer.getInteger("bench.warmUp", 30_000);
    private static final double LATENCY_RATE = 200;

    @Test
    void gatewayBesideFreeRadiusWithSqlIpPool() throws Exception {
        Path dir = Files.createTempDirectory("swanledger-radius-bench-");
        String anchorDb = "swanledger_bench_" + Long.toHexString(System.nanoTime());
        createAnchorPool(anchorDb, 60_000);
        Stores stores = Stores.fresh(Stores.Kind.POSTGRESQL);
        try (FreeRadius anchor = FreeRadius.sqlIpPool(dir.resolve("anchor"), SECRET, anchorDb,
                System.getProperty("swanledger.pg.user", "swanledger"), System.getProperty("swanledger.pg.password", "swanledger"));
             FreeRadius upstream = FreeRadius.acceptOnly(dir.resolve("upstream"), SECRET);
             Stores.Gateway gateway = stores.start(GatewayApplication.class, "vpn-bench",
                     "swanledger.gateway.id=vpn-bench",
                     "swanledger.pool.network=10.8.0.0/16",
                     "swanledger.pool.ranges=10.8.0.1-10.8.255.254",
                     "swanledger.radius.auth-port=0",
                     "swanledger.radius.acct-port=0",
                     "swanledger.radius.clients[0].address=127.0.0.1",
                     "swanledger.radius.clients[0].secret=" + SECRET,
                     "swanledger.radius.upstreams[0].address=127.0.0.1",
                     "swanledger.radius.upstreams[0].port=" + upstream.port,
                     "swanledger.radius.upstreams[0].secret=" + SECRET,
                     // No tunnel comes up in this workload: without this, every session's
                     // never-established deadline would fire during the run and close it, work the
                     // anchor does not do. In service tunnels come up within a second.
                     "swanledger.session.establish-timeout=1h",
                     System.getProperty("bench.gatewayProperty", "swanledger.gateway.region=none"))) {
            InetSocketAddress anchorAt = new InetSocketAddress("127.0.0.1", anchor.port);
            InetSocketAddress upstreamAt = new InetSocketAddress("127.0.0.1", upstream.port);
            InetSocketAddress gatewayAt = gateway.context().getBean(RadiusFront.class).authAddress();

            // The same warm-up for every target: long enough for the JVM's compilers to finish with the
            // busy path (with 2,000 the C2 compiler threads still took most of the CPU during the rows).
            System.out.printf("warming up (%,d requests each)%n", WARM_UP);
            LoadGenerator.closedLoop("warm-up", anchorAt, SECRET, "wa", WARM_UP, 8);
            LoadGenerator.closedLoop("warm-up", gatewayAt, SECRET, "wg", WARM_UP, 8);
            LoadGenerator.openLoop("warm-up", upstreamAt, SECRET, "wu", WARM_UP, 2_000, false);

            List<LoadGenerator.Result> rows = new ArrayList<>();
            List<String> sustained = new ArrayList<>();
            for (int inFlight : new int[] {1, IN_FLIGHT}) {
                rows.add(print(LoadGenerator.closedLoop("(a) FreeRADIUS + sqlippool (anchor)", anchorAt, SECRET,
                        "a" + inFlight, THROUGHPUT_REQUESTS / (inFlight == 1 ? 5 : 1), inFlight)));
                // each gateway row starts with its background processors idle, as in service
                caughtUp(gateway);
                LoadGenerator.Result g = print(LoadGenerator.closedLoop("(b) gateway → accept-only FreeRADIUS", gatewayAt,
                        SECRET, "g" + inFlight, THROUGHPUT_REQUESTS / (inFlight == 1 ? 5 : 1), inFlight));
                rows.add(g);
                // ...and the work it leaves behind (saga, routing state) is part of its cost
                double behind = caughtUp(gateway);
                sustained.add(String.format("(b) at %d in flight: %,d accepted in %.1f s, processors caught up %.1f s later: "
                        + "%.0f per second sustained", inFlight, g.accepted(), g.seconds(), behind,
                        g.accepted() / (g.seconds() + behind)));
            }
            rows.add(print(LoadGenerator.openLoop("(c) accept-only FreeRADIUS alone (no address)", upstreamAt, SECRET, "u",
                    LATENCY_REQUESTS, LATENCY_RATE, false)));
            rows.add(print(LoadGenerator.openLoop("(a) FreeRADIUS + sqlippool (anchor)", anchorAt, SECRET, "al",
                    LATENCY_REQUESTS, LATENCY_RATE)));
            caughtUp(gateway);
            LoadGenerator.Result gw = print(LoadGenerator.openLoop("(b) gateway → accept-only FreeRADIUS", gatewayAt, SECRET,
                    "gl", LATENCY_REQUESTS, LATENCY_RATE));
            rows.add(gw);
            LoadGenerator.Result alone = rows.get(rows.size() - 3);

            StringBuilder table = new StringBuilder("| target | load | requests | accepted with address | unanswered | "
                    + "accepted per second | p50 ms | p99 ms | max ms |\n|---|---|---:|---:|---:|---:|---:|---:|---:|\n");
            rows.forEach(r -> table.append(r.row()).append('\n'));
            table.append(String.format("%nLatency the gateway adds at %.0f requests/s (b − c): p50 %+.2f ms, p99 %+.2f ms%n",
                    LATENCY_RATE, gw.p50() - alone.p50(), gw.p99() - alone.p99()));
            sustained.forEach(line -> table.append('\n').append(line).append('\n'));
            System.out.println("\n" + table);
            Path out = Path.of("target", "benchmarks");
            Files.createDirectories(out);
            Files.writeString(out.resolve("radius-front.md"), table.toString());
            for (LoadGenerator.Result r : rows) {
                assertTrue(r.accepted() > 0, r.target() + " accepted nothing");
            }
        } finally {
            stores.drop();
            dropAnchor(anchorDb);
        }
    }

    /**
     * Waits until every streaming processor of the gateway has handled everything stored, and says
     * how long that took (at most 10 minutes).
     */
    private static double caughtUp(Stores.Gateway gateway) throws InterruptedException {
        var processing = gateway.context().getBean(org.axonframework.config.EventProcessingConfiguration.class);
        long t0 = System.nanoTime();
        long deadline = t0 + java.util.concurrent.TimeUnit.MINUTES.toNanos(10);
        while (System.nanoTime() < deadline) {
            long head = gateway.eventStore().createHeadToken().position().orElse(-1);
            boolean idle = processing.eventProcessors().values().stream()
                    .filter(p -> p instanceof org.axonframework.eventhandling.StreamingEventProcessor)
                    .map(p -> (org.axonframework.eventhandling.StreamingEventProcessor) p)
                    .allMatch(p -> p.processingStatus().values().stream().allMatch(st -> st.isCaughtUp()
                            && st.getCurrentPosition().orElse(-1) >= head));
            if (idle) {
                return (System.nanoTime() - t0) / 1e9;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("the gateway's processors did not catch up within 10 minutes");
    }

    private static LoadGenerator.Result print(LoadGenerator.Result r) {
        System.out.println(r.row());
        return r;
    }

    private static Connection admin() throws Exception {
        return DriverManager.getConnection(System.getProperty("swanledger.pg.url", "jdbc:postgresql://127.0.0.1:5432/swanledger_test"),
                System.getProperty("swanledger.pg.user", "swanledger"), System.getProperty("swanledger.pg.password", "swanledger"));
    }

    /** Debian's radippool schema for PostgreSQL, filled with {@code size} free addresses in 10.9.0.0/16. */
    private static void createAnchorPool(String database, int size) throws Exception {
        try (Connection c = admin(); Statement st = c.createStatement()) {
            st.execute("create database " + database);
        }
        String url = System.getProperty("swanledger.pg.url", "jdbc:postgresql://127.0.0.1:5432/swanledger_test");
        url = url.substring(0, url.lastIndexOf('/') + 1) + database;
        try (Connection c = DriverManager.getConnection(url, System.getProperty("swanledger.pg.user", "swanledger"),
                System.getProperty("swanledger.pg.password", "swanledger")); Statement st = c.createStatement()) {
            st.execute(Files.readString(Path.of("/etc/freeradius/3.0/mods-config/sql/ippool/postgresql/schema.sql")));
            st.execute("insert into radippool (pool_name, framedipaddress) select 'main', ('10.9.0.0'::inet + g) "
                    + "from generate_series(1, " + size + ") g");
        }
    }

    private static void dropAnchor(String database) throws Exception {
        try (Connection c = admin(); Statement st = c.createStatement()) {
            st.execute("drop database if exists " + database + " with (force)");
        }
    }

}
