package io.swanledger.eventstore;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import javax.sql.DataSource;
import org.axonframework.common.jdbc.DataSourceConnectionProvider;
import org.axonframework.common.stream.BlockingStream;
import org.axonframework.common.transaction.NoTransactionManager;
import org.axonframework.eventhandling.GapAwareTrackingToken;
import org.axonframework.eventhandling.TrackedEventMessage;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.eventsourcing.eventstore.EmbeddedEventStore;
import org.axonframework.eventsourcing.eventstore.jdbc.JdbcEventStorageEngine;
import org.axonframework.serialization.Serializer;
import org.junit.jupiter.api.Test;

class PacedJdbcEventStorageEngineTest {

    private static final int BATCH = 100;
    private final CountedEvents counted = new CountedEvents(BATCH);
    private final Serializer serializer = counted.serializer;
    private final DataSource data = counted.data;
    private final JdbcEventStorageEngine engine = counted.engine;

    private void append(int count) {
        counted.append(count);
    }

    private static int n(TrackedEventMessage<?> event) {
        return CountedEvents.n(event);
    }

    @Test
    void aBlockingReadEndsAfterOneBatchAndTheNextGoesOnWhereItEnded() {
        append(250);
        List<Integer> read = new ArrayList<>();
        List<Integer> perRead = new ArrayList<>();
        TrackingToken from = null;
        for (int reads = 0; reads < 4; reads++) {
            List<? extends TrackedEventMessage<?>> events = engine.readEvents(from, true).toList();
            perRead.add(events.size());
            events.forEach(e -> read.add(n(e)));
            from = events.isEmpty() ? from : events.get(events.size() - 1).trackingToken();
        }
        assertEquals(List.of(BATCH, BATCH, 50, 0), perRead, "one batch per blocking read");
        assertEquals(IntStream.range(0, 250).boxed().toList(), read, "every event once, in order");
    }

    @Test
    void aReadThatDoesNotBlockStillReadsToTheEnd() {
        append(250);
        assertEquals(250, engine.readEvents(null, false).count());
    }

    @Test
    void theEventStoreHandsATailingReaderEveryEventOnceInOrderAcrossItsReadsOfOneBatch() throws Exception {
        EmbeddedEventStore store = EmbeddedEventStore.builder().storageEngine(engine).cachedEvents(50)
                .fetchDelay(10).build();
        try (BlockingStream<TrackedEventMessage<?>> stream = store.openStream(null)) {
            // an empty store: the reader's private read runs dry at once and it tails the store's producer
            stream.hasNextAvailable(10, TimeUnit.MILLISECONDS);
            List<Integer> read = new ArrayList<>();
            for (int round = 0; round < 5; round++) {
                append(130);
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
                while (read.size() < counted.appended && System.nanoTime() < deadline) {
                    if (stream.hasNextAvailable(100, TimeUnit.MILLISECONDS)) {
                        read.add(n(stream.nextAvailable()));
                    }
                }
            }
            assertEquals(IntStream.range(0, 650).boxed().toList(), read, "every event once, in order");
        } finally {
            store.shutDown();
        }
    }

    @Test
    void givesEachEventTheTokenAndTimeAxonsOwnReadGivesItGapsBelowRecentEventsKeptAndBelowOldOnesNot() throws Exception {
        JdbcEventStorageEngine axons = EventTable.configure(
                JdbcEventStorageEngine.builder().snapshotSerializer(serializer).eventSerializer(serializer)
                        .connectionProvider(new DataSourceConnectionProvider(data))
                        .transactionManager(NoTransactionManager.INSTANCE).batchSize(BATCH),
                StoreEnvironment.Kind.H2, data).build();
        append(5);
        long gap;
        try (var c = data.getConnection(); var st = c.createStatement()) {
            var rs = st.executeQuery("select min(global_index) + 2 from domain_event_entry");
            rs.next();
            gap = rs.getLong(1);
            st.executeUpdate("delete from domain_event_entry where global_index = " + gap);
        }
        List<TrackedEventMessage<?>> recent = engine.readEvents(null, false).collect(Collectors.toList());
        assertEquals(axons.readEvents(null, false).map(TrackedEventMessage::trackingToken).toList(),
                recent.stream().map(TrackedEventMessage::trackingToken).toList());
        assertEquals(axons.readEvents(null, false).map(TrackedEventMessage::getTimestamp).toList(),
                recent.stream().map(TrackedEventMessage::getTimestamp).toList());
        assertTrue(((GapAwareTrackingToken) recent.get(3).trackingToken()).getGaps().contains(gap),
                "a recent event's gap may still fill");

        try (var c = data.getConnection(); var st = c.createStatement()) {
            st.executeUpdate("update domain_event_entry set time_stamp = '2020-01-01T00:00:00.123Z'");
        }
        List<TrackingToken> old = engine.readEvents(null, false).map(TrackedEventMessage::trackingToken).toList();
        assertEquals(axons.readEvents(null, false).map(TrackedEventMessage::trackingToken).toList(), old);
        assertTrue(((GapAwareTrackingToken) old.get(3)).getGaps().isEmpty(), "an old event's gap never fills");
    }
}
