package io.swanledger.commandside;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.function.UnaryOperator;
import org.axonframework.common.transaction.TransactionManager;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.eventsourcing.EventSourcedAggregate;
import org.axonframework.eventsourcing.Snapshotter;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;
import org.axonframework.messaging.unitofwork.UnitOfWork;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Snapshots taken from the aggregate in memory instead of rebuilt from the store. Axon's snapshotter
 * reads every event since the last snapshot back (20,000 for a pool), deserializes and applies them,
 * on the cores the commands need: under churn a tenth of what the gateway allocated in a row where a
 * snapshot fell, and the compilers' work for a path that runs once in a while. Here the committing
 * thread copies the aggregate right after the commit that crossed the threshold, while it still holds
 * the aggregate's lock (so the copy is exactly the committed version), and a thread of its own writes
 * it. Where that is not so (see {@link #scheduleSnapshot}) the snapshot is left to {@code rebuild},
 * Axon's snapshotter.
 */
final class CopySnapshotter<T> implements Snapshotter {

    private static final Logger log = LoggerFactory.getLogger(CopySnapshotter.class);

    private final Map<String, EventSourcedAggregate<T>> saved = new ConcurrentHashMap<>();
    private final UnaryOperator<T> copy;
    private final Executor writer;
    private final EventStore store;
    private final TransactionManager transactions;
    private final Snapshotter rebuild;

    CopySnapshotter(UnaryOperator<T> copy, Executor writer, EventStore store, TransactionManager transactions,
                    Snapshotter rebuild) {
        this.copy = copy;
        this.writer = writer;
        this.store = store;
        this.transactions = transactions;
        this.rebuild = rebuild;
    }

    /** The repository tells which instance it saved: the one whose state the next snapshot copies. */
    void saved(EventSourcedAggregate<T> aggregate) {
        saved.put(aggregate.identifierAsString(), aggregate);
    }

    /**
     * After the commit of the unit of work that crossed the threshold, on its thread, while it still
     * holds the aggregate's lock: Axon's trigger asks either before the commit (then the copy waits for
     * it) or, for an aggregate that came from the cache, in the clean-up after it (its handlers run in
     * reverse order, so before the lock is released). After a rollback, or outside a unit of work, the
     * state in memory may not be what was committed: Axon's snapshotter reads the store.
     */
    @Override
    public void scheduleSnapshot(Class<?> aggregateType, String aggregateIdentifier) {
        if (!CurrentUnitOfWork.isStarted()) {
            rebuild.scheduleSnapshot(aggregateType, aggregateIdentifier);
            return;
        }
        UnitOfWork<?> work = CurrentUnitOfWork.get();
        if (work.phase().isBefore(UnitOfWork.Phase.COMMIT)) {
            work.afterCommit(u -> take(aggregateType, aggregateIdentifier));
        } else if (work.phase().isAfter(UnitOfWork.Phase.COMMIT) && !work.isRolledBack()) {
            take(aggregateType, aggregateIdentifier);
        } else {
            rebuild.scheduleSnapshot(aggregateType, aggregateIdentifier);
        }
    }

    private void take(Class<?> aggregateType, String id) {
        EventSourcedAggregate<T> aggregate = saved.get(id);
        Long version = aggregate == null ? null : aggregate.version();
        if (version == null) {
            rebuild.scheduleSnapshot(aggregateType, id);
            return;
        }
        T state = copy.apply(aggregate.getAggregateRoot());
        String type = aggregate.type();
        writer.execute(() -> {
            try {
                transactions.executeInTransaction(() -> store.storeSnapshot(
                        new GenericDomainEventMessage<>(type, id, version, state)));
            } catch (RuntimeException e) {
                // as Axon's snapshotter: a snapshot is an optimization, the events stay the truth
                log.warn("snapshot of {} at version {} not written: {}", id, version, e.toString());
            }
        });
    }
}
