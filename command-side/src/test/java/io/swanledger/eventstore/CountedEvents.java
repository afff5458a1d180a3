package io.swanledger.eventstore;

import io.swanledger.it.Schema;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;
import org.axonframework.common.jdbc.DataSourceConnectionProvider;
import org.axonframework.common.transaction.NoTransactionManager;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.eventhandling.TrackedEventMessage;
import org.axonframework.eventsourcing.eventstore.jdbc.JdbcEventStorageEngine;
import org.axonframework.serialization.Serializer;
import org.axonframework.serialization.json.JacksonSerializer;

/** Numbered events of one aggregate in a {@link PacedJdbcEventStorageEngine} on H2, for the event store's tests. */
final class CountedEvents {

    record Counted(int n) {
    }

    final Serializer serializer = JacksonSerializer.defaultSerializer();
    final DataSource data = Schema.h2();
    final PacedJdbcEventStorageEngine engine;
    int appended;

    CountedEvents(int batchSize) {
        engine = (PacedJdbcEventStorageEngine) PacedJdbcEventStorageEngine.build(EventTable.configure(
                JdbcEventStorageEngine.builder().snapshotSerializer(serializer).eventSerializer(serializer)
                        .connectionProvider(new DataSourceConnectionProvider(data))
                        .transactionManager(NoTransactionManager.INSTANCE).batchSize(batchSize),
                StoreEnvironment.Kind.H2, data), Duration.ZERO);
    }

    /** Appends the next {@code count} numbers, each an event. */
    void append(int count) {
        List<EventMessage<?>> events = new ArrayList<>();
        for (int i = 0; i < count; i++, appended++) {
            events.add(new GenericDomainEventMessage<>("Counter", "c-1", appended, new Counted(appended)));
        }
        engine.appendEvents(events);
    }

    static int n(TrackedEventMessage<?> event) {
        return ((Counted) event.getPayload()).n();
    }
}
