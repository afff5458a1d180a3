package io.swanledger.eventstore;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.swanledger.it.Await;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.axonframework.common.stream.BlockingStream;
import org.axonframework.eventhandling.TrackedEventMessage;
import org.axonframework.eventsourcing.eventstore.EmbeddedEventStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class EventCacheUnlinkerTest {

    private static final int CACHED = 50;

    private final CountedEvents counted = new CountedEvents(20);
    private final EmbeddedEventStore store = EmbeddedEventStore.builder().storageEngine(counted.engine)
            .cachedEvents(CACHED).fetchDelay(10).build();

    EventCacheUnlinkerTest() {
        counted.engine.beforeEachBlockingRead(EventCacheUnlinker.of(store));
    }

    @AfterEach
    void shutDown() {
        store.shutDown();
    }

    private void readUpTo(BlockingStream<TrackedEventMessage<?>> stream, List<Integer> read, int count) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (read.size() < count && System.nanoTime() < deadline) {
            if (stream.hasNextAvailable(100, TimeUnit.MILLISECONDS)) {
                read.add(CountedEvents.n(stream.nextAvailable()));
            }
        }
    }

    private long oldestIndex() {
        Object oldest = EventCacheUnlinker.oldest(store);
        return oldest == null ? -1 : EventCacheUnlinker.index(oldest);
    }

    @Test
    void anEventDroppedFromTheCacheNoLongerLinksToTheNextWhileTheCachedOnesStayLinked() throws Exception {
        try (BlockingStream<TrackedEventMessage<?>> stream = store.openStream(null)) {
            stream.hasNextAvailable(10, TimeUnit.MILLISECONDS); // an empty store: the reader tails the producer
            List<Integer> read = new ArrayList<>();
            counted.append(10);
            readUpTo(stream, read, 10);
            Object first = EventCacheUnlinker.oldest(store);
            assertNotNull(first, "the producer cached the first events");
            assertNotNull(EventCacheUnlinker.next(first), "a cached event links to the next");

            counted.append(200);
            readUpTo(stream, read, 210);
            long firstIndex = EventCacheUnlinker.index(first);
            Await.until(() -> oldestIndex() > firstIndex + CACHED, Duration.ofSeconds(30), "the cache moved past the first events");
            counted.append(1); // one more read by the producer, which unlinks what the cache dropped before it
            readUpTo(stream, read, 211);

            assertNull(EventCacheUnlinker.next(first), "a dropped event keeps no link to the events after it");
            Object oldest = EventCacheUnlinker.oldest(store);
            assertNotNull(EventCacheUnlinker.next(oldest), "the oldest cached event still links to the next");
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
            counted.append(5);
            readUpTo(slow, slowRead, 3); // the slow reader stops in the middle of the cached events
            for (int round = 1; round <= 4; round++) {
                counted.append(100);
                readUpTo(fast, fastRead, 5 + 100 * round);
            }
            Await.until(() -> oldestIndex() > 5, Duration.ofSeconds(30), "the cache dropped the events the slow reader stopped at");
            readUpTo(slow, slowRead, counted.appended);
            assertEquals(IntStream.range(0, counted.appended).boxed().toList(), slowRead, "every event once, in order");
            assertEquals(IntStream.range(0, counted.appended).boxed().toList(), fastRead, "every event once, in order");
        }
    }
}
