package io.swanledger.radius;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.Metrics;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.config.MeterFilter;
import io.micrometer.core.instrument.distribution.DistributionStatisticConfig;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.swanledger.api.identity.PoolId;
import io.swanledger.api.pool.CountAddresses;
import io.swanledger.eventstore.GroupCommitCommandBus;
import io.swanledger.gateway.GatewayApplication;
import io.swanledger.gateway.PoolProperties;
import io.swanledger.it.Scratch;
import io.swanledger.it.Stores;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.CompilationMXBean;
import java.lang.management.ManagementFactory;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.EventTrackerStatus;
import org.axonframework.eventhandling.StreamingEventProcessor;
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
    /**
     * Sessions in each churn row: about 7 s per target. Rows of 5,000 (about 2 s, the default until the
     * eighteenth session on issue 13) measured when the JIT compiled as much as the gateway: methods
     * reached a few dozen times a second (Caffeine's upkeep, the store's id blocks) cross C2's threshold
     * minutes into a run, in whichever row is running then, and 400-750 ms of C2 in a 2-second row took
     * a tenth of the two cores. A gateway compiles each of them once in its life.
     */
    private static final int CHURN_SESSIONS = Integer.getInteger("bench.churn", 20_000);
    /**
     * Sessions of churn warm-up for each target: as many requests as the other warm-ups (three per
     * session), at the row's concurrency, then more in chunks until the JIT compilers are quiet (see
     * {@link #churnWarmUp}). With a tenth of that the C2 compiler still took a sixth of the gateway's
     * CPU during the churn row: the accounting path and the group's per-batch code reach its
     * thresholds late.
     */
    private static final int CHURN_WARM_UP = Integer.getInteger("bench.churnWarmUp", WARM_UP / 3);
    private static final int CHURN_WARM_UP_CHUNK = 2_000;
    private static final int CHURN_WARM_UP_MAX_CHUNKS = 20;
    /** Compilation time per wall-clock time of a warm-up chunk below which the JIT counts as quiet. */
    private static final double QUIET_COMPILER = 0.05;
    /**
     * {@code -Dbench.only=churn}: the churn rows alone (and their warm-up), for working on them; with
     * {@code -Dbench.histogram=true} followed by the histogram of the objects live after the rows.
     */
    private static final boolean CHURN_ONLY = "churn".equals(System.getProperty("bench.only"));
    /**
     * {@code -Dbench.held=N} with {@code bench.only=churn}: first N logins at the gateway that stay
     * live, as the whole benchmark's earlier rows leave (44,000 of them) before its churn row.
     */
    private static final int HELD = Integer.getInteger("bench.held", 0);
    /**
     * {@code -Dbench.only=latency}: the warm-up, then the 200/s rows of the upstream alone and the
     * gateway, {@code bench.latencyRows} times (default 4), for comparing builds on the tail.
     */
    private static final boolean LATENCY_ONLY = "latency".equals(System.getProperty("bench.only"));
    /**
     * {@code -Dbench.markers=FILE}: a line appended to FILE the moment each of the gateway's churn rows
     * (and warm-up chunks) starts and ends, named as the row is; the printed lines come only after the
     * row, too late for attaching a profiler to the row alone.
     */
    private static final String MARKERS = System.getProperty("bench.markers");

    @Test
    void gatewayBesideFreeRadiusWithSqlIpPool() throws Exception {
        Path dir = Scratch.directory("swanledger-radius-bench-");
        String anchorDb = "swanledger_bench_" + Long.toHexString(System.nanoTime());
        String procedureDb = anchorDb + "_p";
        createAnchorPool(anchorDb, 60_000, false);
        createAnchorPool(procedureDb, 60_000, true);
        Stores stores = Stores.fresh(Stores.Kind.POSTGRESQL);
        String pgUser = System.getProperty("swanledger.pg.user", "swanledger");
        String pgPassword = System.getProperty("swanledger.pg.password", "swanledger");
        try (FreeRadius anchor = FreeRadius.sqlIpPool(dir.resolve("anchor"), SECRET, anchorDb, pgUser, pgPassword);
             FreeRadius procedureAnchor = FreeRadius.sqlIpPool(dir.resolve("anchor-procedure"), SECRET, procedureDb, pgUser,
                     pgPassword, true);
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
            InetSocketAddress gatewayAcctAt = gateway.context().getBean(RadiusFront.class).accountingAddress();
            InetSocketAddress procedureAt = new InetSocketAddress("127.0.0.1", procedureAnchor.port);
            InetSocketAddress procedureAcctAt = new InetSocketAddress("127.0.0.1", procedureAnchor.acctPort);

            // What the 200/s row reports of itself (its slowest relay round trip and group) is in place
            // before the warm-up: added just before that row, a meter registry and a group observer threw
            // away the compiled request path at its start (seen with -XX:+LogCompilation), and its first
            // requests ran interpreted.
            SimpleMeterRegistry rowMeters = new SimpleMeterRegistry();
            rowMeters.config().meterFilter(MeterFilter.denyUnless(id -> id.getName().equals("swanledger.radius.upstream")));
            rowMeters.config().meterFilter(new MeterFilter() {
                @Override
                public DistributionStatisticConfig configure(Meter.Id id, DistributionStatisticConfig config) {
                    // a timer's max covers the last 11 s only: the row's 10 s, the gateway idle before it
                    return DistributionStatisticConfig.builder().expiry(Duration.ofSeconds(11)).bufferLength(11).build()
                            .merge(config);
                }
            });
            Metrics.addRegistry(rowMeters);
            RowGroups rowGroups = new RowGroups();
            Pauses pauses = new Pauses();
            gateway.context().getBean(GroupCommitCommandBus.class).observeGroups(rowGroups::group);

            // The same warm-up for every target: long enough for the JVM's compilers to finish with the
            // busy path (with 2,000 the C2 compiler threads still took most of the CPU during the rows).
            System.out.printf("warming up (%,d requests each)%n", WARM_UP);
            if (CHURN_ONLY) {
                if (HELD > 0) {
                    LoadGenerator.closedLoop("held", gatewayAt, SECRET, "wg", HELD, 8);
                }
                churnWarmUp(procedureAt, procedureAcctAt, procedureDb, gateway, gatewayAt, gatewayAcctAt, rowGroups);
                caughtUp(gateway);
                AnchorChurn anchorRow = anchorChurn("(a′) churn, anchor", procedureAt, procedureAcctAt, procedureDb, "pc",
                        CHURN_SESSIONS).printed();
                GatewayChurn churn = gatewayChurn(gateway, "(b) churn, gateway", gatewayAt, gatewayAcctAt, rowGroups, "gc",
                        CHURN_SESSIONS).printed();
                System.out.printf("%n%s%nchurn: gateway ÷ anchor %.2f%n", churn.summary(),
                        churn.row().perSecond() / anchorRow.row().perSecond());
                assertEquals(0, anchorRow.leases(), "the anchor's Accounting Stop ended every lease it handed out in the churn");
                churn.assertEachSessionClosedOnce();
                if (Boolean.getBoolean("bench.histogram")) {
                    // the objects still live after the row, after a full collection: what each cycle of the collector marks
                    System.out.println(ManagementFactory.getPlatformMBeanServer().invoke(
                            new javax.management.ObjectName("com.sun.management:type=DiagnosticCommand"), "gcClassHistogram",
                            new Object[] {null}, new String[] {String[].class.getName()}));
                }
                return;
            }
            if (LATENCY_ONLY) {
                warmUp(gatewayAt, upstreamAt);
                for (int i = 1; i <= Integer.getInteger("bench.latencyRows", 4); i++) {
                    LoadGenerator.Result alone = print(LoadGenerator.openLoop("(c) accept-only FreeRADIUS alone", upstreamAt,
                            SECRET, "u" + i, LATENCY_REQUESTS, LATENCY_RATE, false));
                    caughtUp(gateway);
                    rowGroups.start();
                    LoadGenerator.Result gw = print(LoadGenerator.openLoop("(b) gateway", gatewayAt, SECRET, "gl" + i,
                            LATENCY_REQUESTS, LATENCY_RATE));
                    RowGroups.Seen seen = rowGroups.stop();
                    System.out.printf("latency row %d: added p50 %+.2f ms, p99 %+.2f ms; the slowest group %.2f ms (its commit "
                            + "%.2f ms), the median group %.3f ms, the median commit %.3f ms%n", i, gw.p50() - alone.p50(),
                            gw.p99() - alone.p99(), seen.slowest() / 1e6, seen.slowestsCommit() / 1e6,
                            seen.medianNanos() / 1e6, seen.medianCommitNanos() / 1e6);
                }
                return;
            }
            LoadGenerator.closedLoop("warm-up", anchorAt, SECRET, "wa", WARM_UP, 8);
            warmUp(gatewayAt, upstreamAt);
            churnWarmUp(procedureAt, procedureAcctAt, procedureDb, gateway, gatewayAt, gatewayAcctAt, rowGroups);

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
            // the slowest relay round trip and group of this row alone, to tell which one a stall is in
            rowGroups.start();
            long compiledBefore = ManagementFactory.getCompilationMXBean().getTotalCompilationTime();
            pauses.start();
            LoadGenerator.Result gw = print(LoadGenerator.openLoop("(b) gateway → accept-only FreeRADIUS", gatewayAt, SECRET,
                    "gl", LATENCY_REQUESTS, LATENCY_RATE));
            String paused = pauses.stop();
            long compiled = ManagementFactory.getCompilationMXBean().getTotalCompilationTime() - compiledBefore;
            RowGroups.Seen seen = rowGroups.stop();
            Timer relay = rowMeters.find("swanledger.radius.upstream").tag("outcome", "answered").timer();
            sustained.add(String.format("(b) at %.0f/s: the slowest relay round trip %.2f ms, the slowest group %.2f ms "
                    + "(its commit %.2f ms; %,d groups), the slowest commit %.2f ms; the JIT compiled for %,d ms during the "
                    + "row; %s", LATENCY_RATE, relay == null ? 0 : relay.max(TimeUnit.NANOSECONDS) / 1e6, seen.slowest() / 1e6,
                    seen.slowestsCommit() / 1e6, seen.groups(), seen.slowestCommit() / 1e6, compiled, paused));
            rows.add(gw);
            LoadGenerator.Result alone = rows.get(rows.size() - 3);

            // whole sessions: Access → Accept, Accounting Start, Accounting Stop, the address given back;
            // the rows since the churn warm-up ran other paths, and the JIT recompiled the churn's as the
            // churn row began (0.9 s of compiling in a 2 s row): churn again until it is quiet. First a pair
            // of churns as long as the rows: chunks of 2,000 sessions ended quiet and the row after them
            // still compiled for 1.1-1.5 s in three runs of five (the nineteenth session)
            anchorChurn("churn warm-up again, as long as a row", procedureAt, procedureAcctAt, procedureDb, "rpc", CHURN_SESSIONS);
            System.out.printf("churn warm-up again: %,d sessions per target first; the JIT compiled for %,d ms of the "
                    + "gateway's%n", CHURN_SESSIONS, gatewayChurn(gateway, "churn warm-up again, as long as a row", gatewayAt,
                    gatewayAcctAt, rowGroups, "rgc", CHURN_SESSIONS).compiledMillis());
            untilTheCompilerIsQuiet(procedureAt, procedureAcctAt, procedureDb, gateway, gatewayAt, gatewayAcctAt, rowGroups,
                    "churn warm-up again", "r");
            AnchorChurn anchorChurn = anchorChurn("(a′) FreeRADIUS + sqlippool, stored procedure, with accounting",
                    procedureAt, procedureAcctAt, procedureDb, "pc", CHURN_SESSIONS).printed();
            LoadGenerator.Result churnAnchor = anchorChurn.row();
            rows.add(churnAnchor);
            long anchorLeases = anchorChurn.leases();
            GatewayChurn churn = gatewayChurn(gateway, "(b) gateway → accept-only FreeRADIUS, with accounting", gatewayAt,
                    gatewayAcctAt, rowGroups, "gc", CHURN_SESSIONS).printed();
            LoadGenerator.Result churnGateway = churn.row();
            rows.add(churnGateway);
            String closedOnce = churn.summary() + String.format("%nChurn at the anchor: %,d sessions completed, leases still "
                    + "active after the row %,d (Accounting Stop ends each)", churnAnchor.accepted(), anchorLeases);

            StringBuilder table = new StringBuilder(LoadGenerator.HEADER);
            rows.forEach(r -> table.append(r.row()).append('\n'));
            double ratio1 = rows.get(1).perSecond() / rows.get(0).perSecond();
            double ratio32 = rows.get(3).perSecond() / rows.get(2).perSecond();
            double addedP99 = gw.p99() - alone.p99();
            double churnRatio = churnGateway.perSecond() / churnAnchor.perSecond();
            table.append(String.format("%nLatency the gateway adds at %.0f requests/s (b − c): p50 %+.2f ms, p99 %+.2f ms%n",
                    LATENCY_RATE, gw.p50() - alone.p50(), addedP99));
            table.append(String.format("Gateway ÷ anchor: %.2f at 1 in flight, %.2f at %d in flight, %.2f in full session churn%n",
                    ratio1, ratio32, IN_FLIGHT, churnRatio));
            sustained.forEach(line -> table.append('\n').append(line).append('\n'));
            table.append('\n').append(closedOnce).append('\n');
            Path out = Path.of("target", "benchmarks");
            Files.createDirectories(out);
            Path runs = out.resolve("radius-front-runs.csv");
            Files.writeString(runs, String.format(java.util.Locale.ROOT, "%s,%.4f,%.4f,%.3f,%.4f%n", java.time.Instant.now(),
                    ratio32, ratio1, addedP99, churnRatio), java.nio.file.StandardOpenOption.CREATE,
                    java.nio.file.StandardOpenOption.APPEND);
            table.append('\n').append(summary(Files.readAllLines(runs)));
            System.out.println("\n" + table);
            Files.writeString(out.resolve("radius-front.md"), table.toString());
            assertEquals(0, anchorLeases, "the anchor's Accounting Stop ended every lease it handed out in the churn");
            churn.assertEachSessionClosedOnce();
            for (LoadGenerator.Result r : rows) {
                assertTrue(r.accepted() > 0, r.target() + " accepted nothing");
                assertEquals(0, r.duplicates(), r.target() + " handed out an address that another live session held");
            }
        } finally {
            stores.drop();
            Stores.dropDatabase(anchorDb);
            Stores.dropDatabase(procedureDb);
        }
    }

    /**
     * Churn at the rows' concurrency for each target, then chunks of it in the order of the rows (the
     * anchor's, then the gateway's after the count of closes that precedes its row) until a chunk of
     * each compiles for less than {@link #QUIET_COMPILER} of its time, at most
     * {@link #CHURN_WARM_UP_MAX_CHUNKS}: the rows measure a gateway that has been in service a while,
     * not its JIT. With 10,000 sessions at 8 in flight the compilers still took 0.9–1.9 s of CPU during
     * the gateway's 6–8 s row: code compiled while busy was deoptimized by the idle time during the
     * anchor's row and by the count (a command of another kind), and compiled again in the row. The
     * anchor, a C program, gets the same warm-up (only the load generator's code compiles for it).
     */
    private static void churnWarmUp(InetSocketAddress anchorAuth, InetSocketAddress anchorAcct, String anchorDb,
                                    Stores.Gateway gateway, InetSocketAddress gatewayAuth, InetSocketAddress gatewayAcct,
                                    RowGroups rowGroups) throws Exception {
        LoadGenerator.churn("warm-up", anchorAuth, anchorAcct, SECRET, "wpc", CHURN_WARM_UP, IN_FLIGHT);
        LoadGenerator.churn("warm-up", gatewayAuth, gatewayAcct, SECRET, "wgc", CHURN_WARM_UP, IN_FLIGHT);
        untilTheCompilerIsQuiet(anchorAuth, anchorAcct, anchorDb, gateway, gatewayAuth, gatewayAcct, rowGroups,
                String.format("churn warm-up (%,d sessions per target, then chunks)", CHURN_WARM_UP), "w");
    }

    /**
     * Churn in chunks of {@link #CHURN_WARM_UP_CHUNK} sessions per target, alternating, until the JIT
     * compiles for less than {@link #QUIET_COMPILER} of a chunk at both (at most
     * {@link #CHURN_WARM_UP_MAX_CHUNKS} chunks). Each chunk runs as a row does, with everything the
     * benchmark does around a row: a row's {@code rowGroups.start()} had made the committing thread take
     * a branch of the observer that the warm-up never took, and the anchor's count of leases (a new
     * connection to PostgreSQL, its SCRAM login an HMAC of another kind than RADIUS') had sent the
     * gateway's HMAC and pgjdbc's reading of results back to the interpreter; each was compiled again
     * during the row.
     */
    private static void untilTheCompilerIsQuiet(InetSocketAddress anchorAuth, InetSocketAddress anchorAcct, String anchorDb,
                                                Stores.Gateway gateway, InetSocketAddress gatewayAuth,
                                                InetSocketAddress gatewayAcct, RowGroups rowGroups, String what, String prefix)
            throws Exception {
        CompilationMXBean jit = ManagementFactory.getCompilationMXBean();
        for (int chunk = 1; chunk <= CHURN_WARM_UP_MAX_CHUNKS; chunk++) {
            long compiled = jit.getTotalCompilationTime();
            long t0 = System.nanoTime();
            anchorChurn(what, anchorAuth, anchorAcct, anchorDb, prefix + "pc" + chunk, CHURN_WARM_UP_CHUNK);
            double anchorShare = (jit.getTotalCompilationTime() - compiled) / ((System.nanoTime() - t0) / 1e6);
            compiled = jit.getTotalCompilationTime();
            t0 = System.nanoTime();
            gatewayChurn(gateway, what, gatewayAuth, gatewayAcct, rowGroups, prefix + "gc" + chunk, CHURN_WARM_UP_CHUNK);
            double gatewayShare = (jit.getTotalCompilationTime() - compiled) / ((System.nanoTime() - t0) / 1e6);
            if (Math.max(anchorShare, gatewayShare) < QUIET_COMPILER || chunk == CHURN_WARM_UP_MAX_CHUNKS) {
                System.out.printf("%s: %d × %,d sessions per target; the JIT compiled for %.1f %% of the anchor's last chunk, "
                        + "%.1f %% of the gateway's%n", what, chunk, CHURN_WARM_UP_CHUNK, 100 * anchorShare, 100 * gatewayShare);
                return;
            }
        }
    }

    /**
     * The collector's pauses during a row, as the JVM reports them (G1's young and mixed collections;
     * JDK 17 does not report its remark and cleanup pauses this way): a pause stops the gateway, so an
     * open-loop row's requests wait it out.
     */
    private static final class Pauses {

        private final List<Long> millis = new ArrayList<>();
        private boolean on;

        Pauses() {
            for (var collector : ManagementFactory.getGarbageCollectorMXBeans()) {
                ((javax.management.NotificationEmitter) collector).addNotificationListener((notification, handback) -> {
                    if (notification.getType().equals(
                            com.sun.management.GarbageCollectionNotificationInfo.GARBAGE_COLLECTION_NOTIFICATION)) {
                        var info = com.sun.management.GarbageCollectionNotificationInfo.from(
                                (javax.management.openmbean.CompositeData) notification.getUserData());
                        record(info.getGcInfo().getDuration());
                    }
                }, null, null);
            }
        }

        private synchronized void record(long durationMillis) {
            if (on) {
                millis.add(durationMillis);
            }
        }

        synchronized void start() {
            millis.clear();
            on = true;
        }

        synchronized String stop() {
            on = false;
            return String.format("the collector paused %d times, %,d ms in all, the longest %,d ms", millis.size(),
                    millis.stream().mapToLong(Long::longValue).sum(), millis.stream().mapToLong(Long::longValue).max().orElse(0));
        }
    }

    /** The groups of one row, as the committing thread reports them (one observer for the whole run). */
    private static final class RowGroups {

        record Seen(long groups, long slowest, long slowestsCommit, long slowestCommit, long commands, long nanos,
                    long commitNanos, long medianNanos, long medianCommitNanos) {

            /** Where the committing thread's time went over the row. */
            String shares(double rowSeconds) {
                return String.format("%,d groups of %.1f commands on average; the committing thread in groups %.0f %% of "
                        + "the row, in their commits (PostgreSQL's flush) %.0f %%", groups, commands / (double) Math.max(1, groups),
                        nanos / 1e7 / rowSeconds, commitNanos / 1e7 / rowSeconds);
            }
        }

        private boolean on;
        private long groups;
        private long commands;
        private long nanos;
        private long commitNanos;
        private final List<Long> each = new ArrayList<>();
        private final List<Long> eachCommit = new ArrayList<>();
        private long slowest;
        private long slowestsCommit;
        private long slowestCommit;

        synchronized void group(int commands, long nanos, long commitNanos, boolean committed) {
            if (!on) {
                return;
            }
            groups++;
            this.commands += commands;
            this.nanos += nanos;
            this.commitNanos += Math.max(0, commitNanos);
            each.add(nanos);
            eachCommit.add(Math.max(0, commitNanos));
            if (nanos > slowest) {
                slowest = nanos;
                slowestsCommit = commitNanos;
            }
            slowestCommit = Math.max(slowestCommit, commitNanos);
        }

        synchronized void start() {
            on = true;
            groups = 0;
            commands = 0;
            nanos = 0;
            commitNanos = 0;
            each.clear();
            eachCommit.clear();
            slowest = 0;
            slowestsCommit = 0;
            slowestCommit = 0;
        }

        synchronized Seen stop() {
            on = false;
            return new Seen(groups, slowest, slowestsCommit, slowestCommit, commands, nanos, commitNanos, median(each),
                    median(eachCommit));
        }

        private static long median(List<Long> values) {
            return values.isEmpty() ? 0 : values.stream().sorted().toList().get(values.size() / 2);
        }
    }

    /** The gateway's churn row and what it recorded before and after it (see {@link #closes}). */
    private record GatewayChurn(LoadGenerator.Result row, long[] before, long[] after, long compiledMillis,
                                double cpuMillisPerSession, double allocatedKibPerSession, RowGroups.Seen groups,
                                String cpuByThread, Instant started, long startedUptime, Instant ended, long endedUptime,
                                long mostBehind, double caughtUpSeconds) {

        /** Prints the row and when it ran (the JVM's uptime, to lay a profile or a GC log beside). */
        GatewayChurn printed() {
            System.out.println("the gateway's churn row starts at " + started + " (the JVM up " + startedUptime + " ms)");
            print(row);
            System.out.println("the gateway's processors were at most " + mostBehind + " events behind the store during the row");
            System.out.println("the gateway's churn row ends at " + ended + " (the JVM up " + endedUptime + " ms)");
            // how far its tracking processors were behind when the load stopped
            System.out.printf("the gateway's processors caught up %.1f s after the row%n", caughtUpSeconds);
            return this;
        }

        String summary() {
            return String.format("Churn at the gateway: %,d sessions completed, %,d SessionClosed recorded for them, %,d "
                    + "sessions closed more than once; addresses held by live sessions before the row %,d, after it %,d; "
                    + "the JIT compiled for %,d ms during the row; the JVM's CPU per session %.2f ms (the load generator's "
                    + "included), allocated per session by the gateway's threads %.0f KiB; %s", row.accepted(), after[0] - before[0],
                    after[1], before[2], after[2], compiledMillis, cpuMillisPerSession, allocatedKibPerSession,
                    groups.shares(row.seconds())) + "; CPU per session by thread and process (µs): " + cpuByThread;
        }

        void assertEachSessionClosedOnce() {
            assertEquals(0, after[1], "a session closed more than once");
            assertEquals(before[2], after[2], "every churned session gave its address back");
            assertEquals(row.accepted(), after[0] - before[0], "every churned session closed once");
        }
    }

    /**
     * Whole sessions at the gateway (Access → Accept, Accounting Start, Accounting Stop, the address
     * given back), its processors idle before, and everything measured around them; the warm-up's
     * chunks run exactly this too, so that the row meets no code path the warm-up did not take.
     */
    private static GatewayChurn gatewayChurn(Stores.Gateway gateway, String name, InetSocketAddress auth,
                                             InetSocketAddress acct, RowGroups rowGroups, String prefix, int sessions)
            throws Exception {
        caughtUp(gateway);
        long[] before = closes(gateway);
        CompilationMXBean jit = ManagementFactory.getCompilationMXBean();
        var process = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        var runtime = ManagementFactory.getRuntimeMXBean();
        long compiledBefore = jit.getTotalCompilationTime();
        long cpuBefore = process.getProcessCpuTime();
        long allocatedBefore = allocated();
        CpuByThread cpu = new CpuByThread();
        Instant started = Instant.now();
        long startedUptime = runtime.getUptime();
        rowGroups.start();
        Lag lag = Lag.sample(gateway);
        mark("start " + name);
        LoadGenerator.Result row = LoadGenerator.churn(name, auth, acct, SECRET, prefix, sessions, IN_FLIGHT);
        mark("end " + name);
        RowGroups.Seen groups = rowGroups.stop();
        long mostBehind = lag.stop();
        Instant ended = Instant.now();
        long endedUptime = runtime.getUptime();
        double caughtUp = caughtUp(gateway);
        return new GatewayChurn(row, before, closes(gateway), jit.getTotalCompilationTime() - compiledBefore,
                (process.getProcessCpuTime() - cpuBefore) / 1e6 / row.accepted(), (allocated() - allocatedBefore) / 1024.0
                / row.accepted(), groups, cpu.perSession(row.accepted()), started, startedUptime, ended, endedUptime,
                mostBehind, caughtUp);
    }

    private static void mark(String line) throws IOException {
        if (MARKERS != null) {
            Files.writeString(Path.of(MARKERS), line + System.lineSeparator(), StandardOpenOption.CREATE,
                    StandardOpenOption.APPEND);
        }
    }

    /** The anchor's churn and what is measured around it: its CPU by process, then the leases it left active. */
    private record AnchorChurn(LoadGenerator.Result row, String cpuByProcess, long leases, Instant started, Instant ended) {

        AnchorChurn printed() {
            System.out.println("the anchor's churn row starts at " + started);
            print(row);
            System.out.println("the anchor's CPU per session (µs): " + cpuByProcess);
            System.out.println("the anchor's churn row ends at " + ended);
            return this;
        }
    }

    private static AnchorChurn anchorChurn(String name, InetSocketAddress auth, InetSocketAddress acct, String database,
                                           String prefix, int sessions) throws Exception {
        CpuByThread cpu = new CpuByThread();
        Instant started = Instant.now();
        LoadGenerator.Result row = LoadGenerator.churn(name, auth, acct, SECRET, prefix, sessions, IN_FLIGHT);
        Instant ended = Instant.now();
        return new AnchorChurn(row, cpu.perSession(row.accepted()), activeLeases(database), started, ended);
    }

    /**
     * Where the CPU of a row went: this JVM's threads by name (numbers dropped, so a pool counts as
     * one), and PostgreSQL's and FreeRADIUS' processes from /proc, to tell which lever moved what.
     */
    private static final class CpuByThread {

        private static final List<String> PROCESSES = List.of("postgres", "freeradius");
        private final Map<Long, Long> threads = new HashMap<>();
        private final Map<String, Long> processes;
        /** The JVM's threads that the bean does not list (the collector's, the compilers'), by task id. */
        private final Map<String, Long> unlisted = unlistedTicks();
        private final long jvm = jvmCpu();

        CpuByThread() {
            var mx = ManagementFactory.getThreadMXBean();
            for (long id : mx.getAllThreadIds()) {
                threads.put(id, mx.getThreadCpuTime(id));
            }
            processes = processTicks();
        }

        String perSession(long sessions) {
            var mx = ManagementFactory.getThreadMXBean();
            Map<String, Long> spent = new TreeMap<>();
            for (var info : mx.getThreadInfo(mx.getAllThreadIds())) {
                if (info == null) {
                    continue;
                }
                long now = mx.getThreadCpuTime(info.getThreadId());
                long used = now - threads.getOrDefault(info.getThreadId(), 0L);
                spent.merge(info.getThreadName().replaceAll("\\d+", "#"), used, Long::sum);
            }
            long hz = 100; // USER_HZ on Linux
            // those the bean does not list, by name (ticks: coarse, but they are few and long-lived)
            unlistedTicks().forEach((task, t) -> {
                if (unlisted.containsKey(task)) {
                    spent.merge("{" + task.substring(task.indexOf(' ') + 1) + "}", (t - unlisted.get(task)) * 1_000_000_000L / hz,
                            Long::sum);
                }
            });
            // threads gone by now (the load generator's) and those whose name the JVM's threads share
            spent.put("[rest of the JVM]", jvmCpu() - jvm - spent.values().stream().mapToLong(Long::longValue).sum());
            Map<String, Long> ticks = processTicks();
            PROCESSES.forEach(p -> spent.put("[" + p + "]", (ticks.get(p) - processes.get(p)) * 1_000_000_000L / hz));
            return spent.entrySet().stream().filter(e -> e.getValue() * 1e-3 / sessions >= 1)
                    .sorted(Map.Entry.<String, Long>comparingByValue().reversed())
                    .map(e -> String.format("%s %.0f", e.getKey(), e.getValue() * 1e-3 / sessions))
                    .collect(Collectors.joining(", "));
        }

        private static long jvmCpu() {
            return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
        }

        /**
         * utime + stime of this JVM's threads that are not Java threads the bean lists (the collector's
         * and the compilers' workers), by "task-id name" (digits of the name dropped), in clock ticks.
         */
        private static Map<String, Long> unlistedTicks() {
            Map<String, Long> ticks = new HashMap<>();
            try (var tasks = Files.newDirectoryStream(Path.of("/proc/self/task"))) {
                for (Path t : tasks) {
                    try {
                        String stat = Files.readString(t.resolve("stat"));
                        String name = name(stat);
                        if (!name.startsWith("Z") && !name.startsWith("C1") && !name.startsWith("C2")
                                && !name.startsWith("GC") && !name.startsWith("VM")) {
                            continue;
                        }
                        ticks.put(t.getFileName() + " " + name.replaceAll("\\d+", "#"), cpuTicks(stat));
                    } catch (IOException gone) {
                        // ended meanwhile
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return ticks;
        }

        /** The command name in a {@code /proc/…/stat} line. */
        private static String name(String stat) {
            return stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
        }

        /** utime + stime in a {@code /proc/…/stat} line, in clock ticks. */
        private static long cpuTicks(String stat) {
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return Long.parseLong(f[11]) + Long.parseLong(f[12]);
        }

        /** utime + stime of every process of each name, in clock ticks. */
        private static Map<String, Long> processTicks() {
            Map<String, Long> ticks = new HashMap<>();
            PROCESSES.forEach(p -> ticks.put(p, 0L));
            try (var dirs = Files.newDirectoryStream(Path.of("/proc"), "[0-9]*")) {
                for (Path d : dirs) {
                    String stat;
                    try {
                        stat = Files.readString(d.resolve("stat"));
                    } catch (IOException gone) {
                        continue;
                    }
                    String name = name(stat);
                    for (String p : PROCESSES) {
                        if (name.startsWith(p)) {
                            ticks.merge(p, cpuTicks(stat), Long::sum);
                        }
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return ticks;
        }
    }

    /**
     * Bytes allocated so far by the threads alive now: over a row, those of the gateway (the load
     * generator's threads live for one row only, so a difference leaves them out).
     */
    private static long allocated() {
        var threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long sum = 0;
        for (long bytes : threads.getThreadAllocatedBytes(threads.getAllThreadIds())) {
            sum += Math.max(0, bytes);
        }
        return sum;
    }

    /**
     * What the gateway recorded: SessionClosed events in all, sessions closed more than once, and the
     * addresses its pool counts as held (a churned session must give its address back at its close).
     */
    private static long[] closes(Stores.Gateway gateway) {
        var jdbc = gateway.jdbc();
        String closedType = "io.swanledger.api.session.SessionClosed";
        Long all = jdbc.queryForObject("select count(*) from domain_event_entry where payload_type = ?", Long.class, closedType);
        Long twice = jdbc.queryForObject("select count(*) from (select aggregate_identifier from domain_event_entry "
                + "where payload_type = ? group by aggregate_identifier having count(*) > 1) t", Long.class, closedType);
        PoolProperties pool = gateway.context().getBean(PoolProperties.class);
        CountAddresses.AddressCounts counts = gateway.commands().sendAndWait(new CountAddresses(PoolId.of(pool.id()),
                java.time.Instant.now()));
        return new long[] {all, twice, counts.held()};
    }

    /** min / median / max of each goal over the runs recorded in {@code lines} (one run per line). */
    static String summary(List<String> lines) {
        List<double[]> runs = lines.stream().filter(l -> !l.isBlank()).map(l -> l.split(","))
                .map(f -> new double[] {Double.parseDouble(f[1]), Double.parseDouble(f[2]), Double.parseDouble(f[3]),
                        Double.parseDouble(f[4])}).toList();
        String[] names = {"gateway ÷ anchor, " + IN_FLIGHT + " in flight (goal ≥ 1.0)", "gateway ÷ anchor, 1 in flight (goal ≥ 0.5)",
                "latency added at 200/s, p99 ms (goal ≤ 5)", "full session churn, gateway ÷ sqlippool procedure (goal ≥ 1.0)"};
        StringBuilder out = new StringBuilder(String.format("Over the %d run(s) recorded in target/benchmarks/radius-front-runs.csv:%n%n"
                + "| measure | min | median | max |%n|---|---:|---:|---:|%n", runs.size()));
        for (int m = 0; m < names.length; m++) {
            int k = m;
            double[] v = runs.stream().mapToDouble(r -> r[k]).sorted().toArray();
            double median = v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
            out.append(String.format(java.util.Locale.ROOT, "| %s | %.2f | %.2f | %.2f |%n", names[m], v[0], median, v[v.length - 1]));
        }
        return out.toString();
    }

    /** The most events the gateway's tracking processors were behind the store's head, sampled every 50 ms. */
    private static final class Lag {

        private final Thread sampler;
        private final AtomicLong most = new AtomicLong();

        private Lag(Stores.Gateway gateway) {
            sampler = new Thread(() -> {
                while (!Thread.currentThread().isInterrupted()) {
                    long head = head(gateway);
                    segments(gateway).forEach(st -> most.accumulateAndGet(head - st.getCurrentPosition().orElse(head),
                            Math::max));
                    try {
                        Thread.sleep(50);
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            }, "bench-lag");
            sampler.setDaemon(true);
        }

        static Lag sample(Stores.Gateway gateway) {
            Lag lag = new Lag(gateway);
            lag.sampler.start();
            return lag;
        }

        long stop() throws InterruptedException {
            sampler.interrupt();
            sampler.join();
            return most.get();
        }
    }

    /**
     * Waits until every streaming processor of the gateway has handled everything stored, and says
     * how long that took (at most 10 minutes).
     */
    private static double caughtUp(Stores.Gateway gateway) throws InterruptedException {
        long t0 = System.nanoTime();
        long deadline = t0 + TimeUnit.MINUTES.toNanos(10);
        while (System.nanoTime() < deadline) {
            long head = head(gateway);
            if (segments(gateway).allMatch(st -> st.isCaughtUp() && st.getCurrentPosition().orElse(-1) >= head)) {
                return (System.nanoTime() - t0) / 1e9;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("the gateway's processors did not catch up within 10 minutes");
    }

    /** The position of the newest event in the gateway's store. */
    private static long head(Stores.Gateway gateway) {
        return gateway.eventStore().createHeadToken().position().orElse(-1);
    }

    /** Where each segment of the gateway's tracking processors is. */
    private static Stream<EventTrackerStatus> segments(Stores.Gateway gateway) {
        return gateway.context().getBean(EventProcessingConfiguration.class).eventProcessors().values().stream()
                .filter(p -> p instanceof StreamingEventProcessor)
                .flatMap(p -> ((StreamingEventProcessor) p).processingStatus().values().stream());
    }

    /** The gateway's logins and the upstream's answers, before any row is measured. */
    private static void warmUp(InetSocketAddress gatewayAt, InetSocketAddress upstreamAt) throws Exception {
        LoadGenerator.closedLoop("warm-up", gatewayAt, SECRET, "wg", WARM_UP, 8);
        LoadGenerator.openLoop("warm-up", upstreamAt, SECRET, "wu", WARM_UP, 2_000, false);
    }

    private static LoadGenerator.Result print(LoadGenerator.Result r) {
        System.out.println(r.row());
        return r;
    }

    private static Connection admin() throws Exception {
        return DriverManager.getConnection(System.getProperty("swanledger.pg.url", "jdbc:postgresql://127.0.0.1:5432/swanledger_test"),
                System.getProperty("swanledger.pg.user", "swanledger"), System.getProperty("swanledger.pg.password", "swanledger"));
    }

    /**
     * Debian's radippool schema for PostgreSQL, filled with {@code size} free addresses in 10.9.0.0/16;
     * with {@code procedure}, also the allocation procedure FreeRADIUS 3.2 ships (procedure.sql).
     */
    private static void createAnchorPool(String database, int size, boolean procedure) throws Exception {
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
            if (procedure) {
                st.execute(Files.readString(Path.of("/etc/freeradius/3.0/mods-config/sql/ippool/postgresql/procedure.sql")));
            }
        }
    }

    /** Leases of the anchor's pool that have not expired or been ended by an Accounting Stop. */
    private static long activeLeases(String database) throws Exception {
        String url = System.getProperty("swanledger.pg.url", "jdbc:postgresql://127.0.0.1:5432/swanledger_test");
        url = url.substring(0, url.lastIndexOf('/') + 1) + database;
        try (Connection c = DriverManager.getConnection(url, System.getProperty("swanledger.pg.user", "swanledger"),
                System.getProperty("swanledger.pg.password", "swanledger")); Statement st = c.createStatement();
             var rs = st.executeQuery("select count(*) from radippool where expiry_time > now()")) {
            rs.next();
            return rs.getLong(1);
        }
    }

}
