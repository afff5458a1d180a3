package io.swanledger.it;

import static io.swanledger.Fixtures.LAB;
import static io.swanledger.Fixtures.NAS;
import static io.swanledger.Fixtures.PEER;
import static io.swanledger.Fixtures.POOL;

import io.swanledger.api.identity.AccountName;
import io.swanledger.api.identity.AuthMethod;
import io.swanledger.api.identity.GatewayId;
import io.swanledger.api.identity.Identity;
import io.swanledger.api.identity.SessionId;
import io.swanledger.api.net.CidrPrefix;
import io.swanledger.api.net.Ipv4Address;
import io.swanledger.api.net.Ipv4Range;
import io.swanledger.api.pool.AddressAllocated;
import io.swanledger.api.pool.AddressReleased;
import io.swanledger.api.pool.CountAddresses;
import io.swanledger.api.pool.DefinePool;
import io.swanledger.api.session.AuthorizationResult;
import io.swanledger.api.session.AuthorizeSession;
import io.swanledger.api.session.CloseReason;
import io.swanledger.api.session.CloseSession;
import io.swanledger.api.session.SessionClosed;
import io.swanledger.api.vlan.AccessPair;
import io.swanledger.api.vlan.ImportAccessList;
import io.swanledger.pool.AddressPool;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.reflect.Constructor;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.axonframework.common.transaction.TransactionManager;
import org.axonframework.config.ConfigurerModule;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.eventhandling.TrackingEventProcessorConfiguration;
import org.axonframework.eventsourcing.eventstore.EventStorageEngine;
import org.axonframework.messaging.StreamableMessageSource;
import org.axonframework.modelling.command.inspection.AggregateModel;
import org.axonframework.modelling.command.inspection.AnnotatedAggregateMetaModelFactory;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Authorize+allocate throughput and latency through the CommandGateway on H2 and PostgreSQL, with a
 * pool history of 0 and of 1,000,000 events, at 1, 8 and 32 requests in flight. Each authorization
 * is one transaction: pool event + session events, durable at commit. Run with
 * {@code mvn -B -pl command-side -am test -Pbenchmark}; sizes can be lowered with
 * {@code -Dbench.history=…} and {@code -Dbench.rounds=…}. Prints a Markdown table and writes it to
 * {@code command-side/target/benchmarks/authorize.md}.
 */
@Tag("benchmark")
class AuthorizeBenchmark {

    /**
     * The command side as a gateway runs it, with one tracking processor that follows every event
     * from the head of the store, as the gateway's routing state does (the H2 gap query is its cost).
     */
    @Configuration
    @EnableAutoConfiguration
    static class BenchGateway {

        static final AtomicLong FOLLOWED = new AtomicLong();

        @ProcessingGroup("follower")
        static class Follower {
            @EventHandler
            void on(SessionClosed e) {
                FOLLOWED.incrementAndGet();
            }
        }

        @Bean
        Follower follower() {
            return new Follower();
        }

        @Bean
        ConfigurerModule followerProcessor() {
            return c -> c.eventProcessing(ep -> ep.registerTrackingEventProcessorConfiguration("follower",
                    x -> TrackingEventProcessorConfiguration.forSingleThreadedProcessing().andBatchSize(100)
                            .andInitialTrackingToken(StreamableMessageSource::createHeadToken)));
        }
    }

    static final int HISTORY = Integer.getInteger("bench.history", 1_000_000);
    static final int ROUNDS = Integer.getInteger("bench.rounds", 15);
    /** The seed's pool has 241 addresses: a round takes 200 of them, then gives them back (untimed). */
    static final int PER_ROUND = 200;
    static final int[] IN_FLIGHT = Arrays.stream(System.getProperty("bench.inflight", "1,8,32").split(","))
            .mapToInt(Integer::parseInt).toArray();
    static final List<Stores.Kind> STORES = Arrays.stream(System.getProperty("bench.stores", "H2,POSTGRESQL").split(","))
            .map(Stores.Kind::valueOf).toList();
    static final GatewayId GW = GatewayId.of("bench");

    final List<String> rows = new ArrayList<>();

    @Test
    void authorizeAndAllocate() throws Exception {
        for (Stores.Kind kind : STORES) {
            for (int history : new int[] {0, HISTORY}) {
                run(kind, history);
            }
        }
        String table = "| store | pool history (events) | first command after restart (pool loaded from snapshot + tail) | in flight | authorizations | per second | p50 ms | p99 ms |\n"
                + "|---|---:|---:|---:|---:|---:|---:|---:|\n" + String.join("\n", rows) + "\n";
        String header = "Machine: " + Runtime.getRuntime().availableProcessors() + " cores, "
                + ManagementFactory.getOperatingSystemMXBean().getArch() + ", Java " + System.getProperty("java.version")
                + "; " + Instant.now() + "\n\n";
        System.out.println("\n" + header + table);
        Path out = Path.of("target/benchmarks/authorize.md");
        Files.createDirectories(out.getParent());
        Files.writeString(out, header + table, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING);
    }

    void run(Stores.Kind kind, int history) throws Exception {
        Stores store = Stores.fresh(kind);
        try {
            try (Stores.Gateway g = store.start(BenchGateway.class, "bench", "swanledger.session.establish-timeout=1h")) {
                g.commands().sendAndWait(new DefinePool(POOL, CidrPrefix.parse("10.1.0.0/24"),
                        List.of(Ipv4Range.parse("10.1.0.10-10.1.0.250")),
                        Set.of(Ipv4Address.parse("10.1.0.251"), Ipv4Address.parse("10.1.0.254")),
                        Duration.ZERO, "bench", Instant.now()));
                Set<AccessPair> pairs = new HashSet<>();
                for (int i = 0; i < 1000; i++) {
                    pairs.add(new AccessPair(AccountName.of("user" + i), LAB.number()));
                }
                g.commands().sendAndWait(new ImportAccessList(ImportAccessList.CAMPUS, List.of(LAB), pairs, "bench", "bench", Instant.now()));
                if (history > 0) {
                    writeHistory(g, history);
                    if (kind == Stores.Kind.POSTGRESQL) {
                        // a store a year old, not one minutes after a bulk load: otherwise autovacuum's
                        // first pass over the million new rows runs during the measured rounds
                        g.jdbc().execute("vacuum analyze");
                    }
                }
            }
            // A fresh context: nothing cached, the pool is loaded from its snapshot and the events after it.
            try (Stores.Gateway g = store.start(BenchGateway.class, "bench", "swanledger.session.establish-timeout=1h")) {
                long t = System.nanoTime();
                AuthorizationResult first = g.commands().sendAndWait(authorize("first-" + history, 0));
                double coldMs = (System.nanoTime() - t) / 1e6;
                release(g, List.of(first));
                for (int inFlight : IN_FLIGHT) {
                    measure(g, kind, history, coldMs, inFlight);
                }
            }
        } finally {
            store.drop();
        }
    }

    void measure(Stores.Gateway g, Stores.Kind kind, int history, double coldMs, int inFlight) throws Exception {
        // warm-up rounds, not counted
        for (int w = 0; w < 3; w++) {
            round(g, inFlight, "warm" + w + "-" + kind + history + "-" + inFlight, new long[1]);
        }
        List<Long> latencies = new ArrayList<>();
        long elapsed = 0;
        for (int r = 0; r < ROUNDS; r++) {
            long[] authorizing = new long[1];
            List<long[]> lat = round(g, inFlight, "r" + r + "-" + kind + history + "-" + inFlight, authorizing);
            elapsed += authorizing[0];
            lat.forEach(l -> latencies.add(l[0]));
        }
        long[] sorted = latencies.stream().mapToLong(Long::longValue).sorted().toArray();
        double perSecond = sorted.length / (elapsed / 1e9);
        String row = String.format("| %s | %,d | %.0f ms | %d | %,d | %,.0f | %.2f | %.2f |", kind, history, coldMs, inFlight,
                sorted.length, perSecond, sorted[sorted.length / 2] / 1e6, sorted[(int) (sorted.length * 0.99)] / 1e6);
        System.out.println(row);
        rows.add(row);
    }

    /** One round: 200 authorizations, their time in {@code authorizing[0]}; then, untimed, their closes. */
    List<long[]> round(Stores.Gateway g, int inFlight, String tag, long[] authorizing) throws Exception {
        long started = System.nanoTime();
        AtomicInteger next = new AtomicInteger();
        ConcurrentLinkedQueue<long[]> lat = new ConcurrentLinkedQueue<>();
        ConcurrentLinkedQueue<AuthorizationResult> results = new ConcurrentLinkedQueue<>();
        CountDownLatch done = new CountDownLatch(inFlight);
        List<Throwable> errors = new ArrayList<>();
        for (int t = 0; t < inFlight; t++) {
            Thread th = new Thread(() -> {
                try {
                    int i;
                    while ((i = next.getAndIncrement()) < PER_ROUND) {
                        long s = System.nanoTime();
                        AuthorizationResult r = g.commands().sendAndWait(authorize(tag + "-" + i, i));
                        lat.add(new long[] {System.nanoTime() - s});
                        results.add(r);
                    }
                } catch (Throwable e) {
                    synchronized (errors) {
                        errors.add(e);
                    }
                } finally {
                    done.countDown();
                }
            });
            th.start();
        }
        done.await();
        authorizing[0] = System.nanoTime() - started;
        if (!errors.isEmpty()) {
            throw new AssertionError("benchmark command failed", errors.get(0));
        }
        release(g, results);
        return new ArrayList<>(lat);
    }

    static AuthorizeSession authorize(String id, int i) {
        // one login in ten asks for the lab VLAN, as in the seed's service
        String who = "user" + (i % 1000);
        String requested = i % 10 == 0 ? who + "@" + LAB.number() : who;
        return new AuthorizeSession(SessionId.of(id), POOL, Identity.parse(requested), AccountName.of(who), AuthMethod.EAP_MSCHAPV2,
                null, null, PEER, NAS, id, null, GW, Instant.now());
    }

    /**
     * Ends the sessions as in service (CloseSession, which gives the address back in its own unit of
     * work), and checks that the pool took them back, so that every round starts with the pool as
     * free as the last.
     */
    static void release(Stores.Gateway g, Iterable<AuthorizationResult> results) {
        for (AuthorizationResult r : results) {
            if (r.accepted()) {
                g.commands().sendAndWait(new CloseSession(r.sessionId(), CloseReason.DISCONNECTED, "bench", null, null, GW,
                        Instant.now()));
            }
        }
        CountAddresses.AddressCounts counts = g.commands().sendAndWait(new CountAddresses(POOL, Instant.now()));
        if (counts.held() != 0) {
            throw new AssertionError("every session closed, but the pool still counts " + counts.held() + " addresses held");
        }
    }

    /**
     * Appends {@code n} allocate/release events to the pool's stream, in batches, with progress
     * output, and stores the snapshot that a pool in service would have left behind (it snapshots
     * itself every 250 events), built by applying the same events to an in-memory pool.
     */
    static void writeHistory(Stores.Gateway g, int n) throws Exception {
        EventStorageEngine engine = g.context().getBean(EventStorageEngine.class);
        TransactionManager tx = g.context().getBean(TransactionManager.class);
        AggregateModel<AddressPool> model = AnnotatedAggregateMetaModelFactory.inspectAggregate(AddressPool.class);
        Constructor<AddressPool> blank = AddressPool.class.getDeclaredConstructor();
        blank.setAccessible(true);
        AddressPool pool = blank.newInstance();
        engine.readEvents(POOL.value(), 0).forEachRemaining(m -> model.publish(m, pool));
        long seq = 1; // 0 is PoolDefined
        int batch = 2000;
        long t = System.nanoTime();
        Instant at = Instant.now().minus(Duration.ofDays(365));
        for (int written = 0; written < n; ) {
            List<DomainEventMessage<?>> events = new ArrayList<>(batch);
            for (int k = 0; k < batch / 2 && written < n; k++, written += 2) {
                int idx = written / 2;
                Ipv4Address a = Ipv4Address.parse("10.1.0.10").plus(idx % 241);
                SessionId s = SessionId.of("hist-" + idx);
                AccountName who = AccountName.of("user" + (idx % 1000));
                events.add(new GenericDomainEventMessage<>("AddressPool", POOL.value(), seq++,
                        new AddressAllocated(POOL, a, s, who, AddressAllocated.Choice.LEAST_RECENTLY_RELEASED, GW, at)));
                events.add(new GenericDomainEventMessage<>("AddressPool", POOL.value(), seq++,
                        new AddressReleased(POOL, a, s, who, GW, at)));
            }
            tx.executeInTransaction(() -> engine.appendEvents(events));
            events.forEach(m -> model.publish(m, pool));
            if (written % 100_000 == 0) {
                System.out.printf("  history: %,d / %,d events (%.0f events/s)%n", written, n, written / ((System.nanoTime() - t) / 1e9));
            }
        }
        long last = seq - 1;
        tx.executeInTransaction(() -> engine.storeSnapshot(new GenericDomainEventMessage<>("AddressPool", POOL.value(), last, pool)));
        // ... and the follower's position after a year of service: at the head, not before the year
        var processor = g.context().getBean(org.axonframework.config.EventProcessingConfiguration.class)
                .eventProcessor("follower", org.axonframework.eventhandling.TrackingEventProcessor.class).orElseThrow();
        processor.shutDown();
        var tokens = g.context().getBean(org.axonframework.eventhandling.tokenstore.TokenStore.class);
        tx.executeInTransaction(() -> {
            tokens.storeToken(g.eventStore().createHeadToken(), "follower", 0);
            tokens.releaseClaim("follower", 0);
        });
    }

}
