package io.swanledger.eventstore;

import java.time.Duration;
import java.util.List;
import org.axonframework.eventhandling.TrackedEventData;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.eventsourcing.eventstore.jdbc.JdbcEventStorageEngine;

/** Axon's JDBC engine whose tracking reads keep a {@link TailPace}. */
public final class PacedJdbcEventStorageEngine extends JdbcEventStorageEngine {

    private final TailPace pace;

    private PacedJdbcEventStorageEngine(Builder builder, TailPace pace) {
        super(builder);
        this.pace = pace;
    }

    /** The engine {@code builder} describes, its tracking reads at most once per {@code tailPace} once caught up. */
    public static JdbcEventStorageEngine build(Builder builder, Duration tailPace) {
        return new PacedJdbcEventStorageEngine(builder, TailPace.of(tailPace));
    }

    @Override
    protected List<? extends TrackedEventData<?>> fetchTrackedEvents(TrackingToken lastToken, int batchSize) {
        pace.beforeRead();
        List<? extends TrackedEventData<?>> events = super.fetchTrackedEvents(lastToken, batchSize);
        pace.afterRead(events.size(), batchSize);
        return events;
    }
}
