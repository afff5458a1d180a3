package io.swanledger.eventstore;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.swanledger.it.Schema;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.stream.IntStream;
import javax.sql.DataSource;
import org.axonframework.common.jdbc.DataSourceConnectionProvider;
import org.axonframework.common.stream.BlockingStream;
import org.axonframework.common.transaction.NoTransactionManager;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.eventhandling.TrackedEventMessage;
import org.axonframework.eventsourcing.eventstore.EmbeddedEventStore;
import org.axonframework.eventsourcing.eventstore.jdbc.JdbcEventStorageEngine;
import org.axonframework.serialization.Serializer;
import org.axonframework.serialization.json.JacksonSerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class EventCacheUnlinkerTest {

    record Counted(int n) {
    }

    private static final int CACHED = 50;
    private static final VarHandle OLDEST;
    private static final VarHandle NEXT;
    private static final VarHandle INDEX;

    static {
        try {
            Class<?> node = Class.forName(EmbeddedEventStore.class.getName() + "$Node");
            OLDEST = MethodHandles.privateLookupIn(EmbeddedEventStore.class, MethodHandles.lookup())
                    .findVarHandle(EmbeddedEventStore.class, "oldest", node);
            MethodHandles.Lookup nodes = MethodHandles.privateLookupIn(node, MethodHandles.lookup());
            NEXT = nodes.findVarHandle(node, "next", node);
            INDEX = nodes.findVarHandle(node, "index", long.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final Serializer serializer = JacksonSerializer.defaultSerializer();
    private final DataSource data = Schema.h2();
    private final PacedJdbcEventStorageEngine engine = (PacedJdbcEventStorageEngine) PacedJdbcEventStorageEngine.build(
            EventTable.configure(JdbcEventStorageEngine.builder().snapshotSerializer(serializer).eventSerializer(serializer)
                    .connectionProvider(new DataSourceConnectionProvider(data))
                    .transactionManager(NoTransactionManager.INSTANCE).batchSize(20),
            StoreEnvironment.Kind.H2, data), Duration.ZERO);
    private final EmbeddedEventStore store = EmbeddedEventStore.builder().storageEngine(engine).cachedEvents(CACHED)
            .fetchDelay(10).build();
    private int appended;

    EventCacheUnlinkerTest() {
        engine.beforeEachBlockingRead(EventCacheUnlinker.of(store));
    }

    @AfterEach
    void shutDown() {
        store.shutDown();
    }

    private void append(int count) {
        List<EventMessage<?>> events = new ArrayList<>();
        for (int i = 0; i < count; i++, appended++) {
            events.add(new GenericDomainEventMessage<>("Counter", "c-1", appended, new Counted(appended)));
        }
        engine.appendEvents(events);
    }

    private static int n(TrackedEventMessage<?> event) {
        return ((Counted) event.getPayload()).n();
    }

    private static void await(BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!condition.getAsBoolean()) {
            assertTrue(System.nanoTime() < deadline, "timed out waiting until " + what);
            Thread.sleep(5);
        }
    }

    private void readUpTo(BlockingStream<TrackedEventMessage<?>> stream, List<Integer> read, int count) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (read.size() < count && System.nanoTime() < deadline) {
            if (stream.hasNextAvailable(100, TimeUnit.MILLISECONDS)) {
                read.add(n(stream.nextAvailable()));
            }
        }
    }

    private long oldestIndex() {
        Object oldest = OLDEST.getVolatile(store);
        return oldest == null ? -1 : (long) INDEX.get(oldest);
    }

    @Test
    void anEventDroppedFromTheCacheNoLongerLinksToTheNextWhileTheCachedOnesStayLinked() throws Exception {
        try (BlockingStream<TrackedEventMessage<?>> stream = store.openStream(null)) {
            stream.hasNextAvailable(10, TimeUnit.MILLISECONDS); // an empty store: the reader tails the producer
            List<Integer> read = new ArrayList<>();
            append(10);
            readUpTo(stream, read, 10);
            Object first = OLDEST.getVolatile(store);
            assertNotNull(first, "the producer cached the first events");
            assertNotNull(NEXT.getVolatile(first), "a cached event links to the next");

            append(200);
            readUpTo(stream, read, 210);
            long firstIndex = (long) INDEX.get(first);
            await(() -> oldestIndex() > firstIndex + CACHED, "the cache moved past the first events");
            append(1); // one more read by the producer, which unlinks what the cache dropped before it
            readUpTo(stream, read, 211);

            assertNull(NEXT.getVolatile(first), "a dropped event keeps no link to the events after it");
            Object oldest = OLDEST.getVolatile(store);
            assertNotNull(NEXT.getVolatile(oldest), "the oldest cached event still links to the next");
            assertEquals(IntStream.range(0, 211).boxed().toList(), read, "every event once, in order");
        }
    }

    @Test
    void aReaderLeftBehindWhileTheCacheDroppedItsEventsStillGetsEveryEventOnceInOrder() throws Exception {
        try (BlockingStream<TrackedEventMessage<?>> slow = store.openStream(null);
             BlockingStream<TrackedEventMessage<?>> fast = store.openStream(null)) {
            slow.hasNextAvailable(10, TimeUnit.MILLISECONDS);
            fast.hasNextAvailable(10, TimeUnit.MILLISECONDS);
            List<Integer> slowRead = new ArrayList<>();
            List<Integer> fastRead = new ArrayList<>();
            append(5);
            readUpTo(slow, slowRead, 3); // the slow reader stops in the middle of the cached events
            for (int round = 1; round <= 4; round++) {
                append(100);
                readUpTo(fast, fastRead, 5 + 100 * round);
            }
            await(() -> oldestIndex() > 5, "the cache dropped the events the slow reader stopped at");
            readUpTo(slow, slowRead, appended);
            assertEquals(IntStream.range(0, appended).boxed().toList(), slowRead, "every event once, in order");
            assertEquals(IntStream.range(0, appended).boxed().toList(), fastRead, "every event once, in order");
        }
    }
}
