package io.swanledger.eventstore;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.axonframework.eventhandling.DomainEventData;
import org.axonframework.eventhandling.GapAwareTrackingToken;
import org.axonframework.eventhandling.GenericDomainEventEntry;
import org.axonframework.eventhandling.GenericEventMessage;
import org.axonframework.eventhandling.TrackedDomainEventData;
import org.axonframework.eventhandling.TrackedEventData;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.eventsourcing.eventstore.jdbc.EventSchema;
import org.axonframework.eventsourcing.eventstore.jdbc.JdbcEventStorageEngine;
import org.axonframework.serialization.SerializedObject;

/**
 * Axon's JDBC engine whose tracking reads keep a {@link TailPace}, end a blocking read after one batch,
 * and read an event's time with {@link StoredTimestamp#parse} instead of Axon's parser.
 */
public final class PacedJdbcEventStorageEngine extends JdbcEventStorageEngine {

    // Axon's defaults, set on the builder so that Axon's gap cleaning and this class's reads agree.
    private static final int GAP_TIMEOUT_MILLIS = 60_000;
    private static final int MAX_GAP_OFFSET = 10_000;
    private static final long LOWEST_GLOBAL_SEQUENCE = 1;

    private final TailPace pace;
    private final StoredTimestamp timestamps = new StoredTimestamp();
    private volatile Runnable beforeBlockingRead = () -> { };

    private PacedJdbcEventStorageEngine(Builder builder, TailPace pace) {
        super(builder.gapTimeout(GAP_TIMEOUT_MILLIS).maxGapOffset(MAX_GAP_OFFSET).lowestGlobalSequence(LOWEST_GLOBAL_SEQUENCE));
        this.pace = pace;
    }

    /** The engine {@code builder} describes, its tracking reads at most once per {@code tailPace} once caught up. */
    public static JdbcEventStorageEngine build(Builder builder, Duration tailPace) {
        return new PacedJdbcEventStorageEngine(builder, TailPace.of(tailPace));
    }

    /**
     * A blocking read (only the event store's producer asks for one: it reads for every processor that
     * tails the store) ends after one batch, and the producer starts the next where it ended. Axon's
     * producer keeps the node it started a read at on its stack for as long as the read lasts; a read
     * that never runs dry, as under steady load, kept every event since then reachable (80,000–100,000
     * events, eight to ten times the store's cache, in the churn benchmark).
     */
    @Override
    protected Stream<? extends TrackedEventData<?>> readEventData(TrackingToken trackingToken, boolean mayBlock) {
        if (mayBlock) {
            beforeBlockingRead.run();
        }
        Stream<? extends TrackedEventData<?>> read = super.readEventData(trackingToken, mayBlock);
        return mayBlock ? read.limit(batchSize()) : read;
    }

    /**
     * Runs {@code task} on the event store's producer thread before each of its reads (only the producer
     * asks for a blocking read), for {@link EventCacheUnlinker}.
     */
    public void beforeEachBlockingRead(Runnable task) {
        this.beforeBlockingRead = task;
    }

    @Override
    protected List<? extends TrackedEventData<?>> fetchTrackedEvents(TrackingToken lastToken, int batchSize) {
        pace.beforeRead();
        List<? extends TrackedEventData<?>> events = super.fetchTrackedEvents(lastToken, batchSize);
        pace.afterRead(events.size(), batchSize);
        return events;
    }

    /**
     * Axon's row-to-event step with the event's time parsed once, by {@link StoredTimestamp#parse}: Axon's
     * own step parsed it with a {@code DateTimeFormatter} (to decide whether a gap below it may still
     * fill), a quarter of the event store reader's CPU under churn. The token is advanced as Axon does.
     */
    @Override
    protected TrackedEventData<?> getTrackedEventData(ResultSet resultSet, GapAwareTrackingToken previousToken)
            throws SQLException {
        EventSchema schema = schema();
        long globalIndex = resultSet.getLong(schema.globalIndexColumn());
        String aggregateIdentifier = resultSet.getString(schema.aggregateIdentifierColumn());
        String eventIdentifier = resultSet.getString(schema.eventIdentifierColumn());
        Object stored = readTimeStamp(resultSet, schema.timestampColumn());
        GenericDomainEventEntry<?> entry = new GenericDomainEventEntry<>(resultSet.getString(schema.typeColumn()),
                eventIdentifier.equals(aggregateIdentifier) ? null : aggregateIdentifier,
                resultSet.getLong(schema.sequenceNumberColumn()), eventIdentifier, stored,
                resultSet.getString(schema.payloadTypeColumn()), resultSet.getString(schema.payloadRevisionColumn()),
                readPayload(resultSet, schema.payloadColumn()), readPayload(resultSet, schema.metaDataColumn()));
        Instant timestamp = stored instanceof String text ? timestamps.parse(text) : entry.getTimestamp();
        boolean gapsMayFill = timestamp.isAfter(GenericEventMessage.clock.instant().minusMillis(GAP_TIMEOUT_MILLIS));
        GapAwareTrackingToken token;
        if (previousToken == null) {
            SortedSet<Long> gaps = new TreeSet<>();
            if (gapsMayFill) {
                for (long i = Math.min(LOWEST_GLOBAL_SEQUENCE, globalIndex); i < globalIndex; i++) {
                    gaps.add(i);
                }
            }
            token = GapAwareTrackingToken.newInstance(globalIndex, gaps);
        } else {
            token = previousToken.advanceTo(globalIndex, gapsMayFill ? MAX_GAP_OFFSET : 0);
        }
        return new TrackedDomainEventData<>(token, new Timed<>(entry, timestamp));
    }

    /** An event read from the store, its time already parsed. */
    private record Timed<T>(DomainEventData<T> event, Instant timestamp) implements DomainEventData<T> {

        @Override
        public String getEventIdentifier() {
            return event.getEventIdentifier();
        }

        @Override
        public Instant getTimestamp() {
            return timestamp;
        }

        @Override
        public SerializedObject<T> getMetaData() {
            return event.getMetaData();
        }

        @Override
        public SerializedObject<T> getPayload() {
            return event.getPayload();
        }

        @Override
        public String getType() {
            return event.getType();
        }

        @Override
        public String getAggregateIdentifier() {
            return event.getAggregateIdentifier();
        }

        @Override
        public long getSequenceNumber() {
            return event.getSequenceNumber();
        }
    }
}
