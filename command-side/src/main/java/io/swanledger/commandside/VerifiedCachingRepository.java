package io.swanledger.commandside;

import io.swanledger.eventstore.GroupCommitCommandBus;
import java.util.Objects;
import java.util.function.Predicate;
import org.axonframework.common.caching.Cache;
import org.axonframework.eventsourcing.CachingEventSourcingRepository;
import org.axonframework.eventsourcing.EventSourcedAggregate;
import org.axonframework.eventsourcing.EventSourcingRepository;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;
import org.axonframework.modelling.command.ConcurrencyException;

/**
 * A cached aggregate is used only if it is as new as the store. Several gateways may share one store,
 * and one may close a session and release its address in a pool another one just changed: a stale
 * cached pool would then refuse a release it should accept (a refusal is not an append, so the
 * store's sequence check never sees it). One indexed read of the newest sequence number per load
 * keeps the cache's gain (no re-reading of a 65,000-address pool) without the risk. A store only this
 * process can open (H2's embedded file) has no other writer, and is not asked.
 *
 * <p>In a group commit the read waits until the group is about to commit, and is needed only for an
 * aggregate the group did not append to: an append made on stale state takes a sequence number the
 * store already has, and the store's key refuses it. Any failure in a group (a refusal, a conflict,
 * this check) rolls it back, the cached aggregate is dropped, and each command is handled again on its
 * own, checked before use as above.
 *
 * <p>An aggregate saved in a final state ({@code done}: a closed session) leaves the cache: it will
 * hardly be asked again (a repeated Stop reads its few events back), and kept it would crowd out the
 * live ones — Caffeine admits a new entry only if it is used more often than the one it would evict,
 * so once the cache was full of closed sessions, every new session was read back from the store for
 * its Accounting Start and Stop.
 */
final class VerifiedCachingRepository<T> extends CachingEventSourcingRepository<T> {

    private final EventStore store;
    private final Cache cache;
    private final boolean shared;
    private final Predicate<? super T> done;
    private final CopySnapshotter<T> snapshots;

    /** {@code shared}: other processes may write to the store; {@code done}: an aggregate with nothing left to do. */
    VerifiedCachingRepository(EventSourcingRepository.Builder<T> builder, EventStore store, Cache cache, boolean shared,
                              Predicate<? super T> done) {
        this(builder, store, cache, shared, done, null);
    }

    /** {@code snapshots}: told of every saved aggregate, to take snapshots from memory (or null). */
    VerifiedCachingRepository(EventSourcingRepository.Builder<T> builder, EventStore store, Cache cache, boolean shared,
                              Predicate<? super T> done, CopySnapshotter<T> snapshots) {
        super(builder.eventStore(store).cache(cache));
        this.store = store;
        this.cache = cache;
        this.shared = shared;
        this.done = done;
        this.snapshots = snapshots;
    }

    @Override
    protected void doSaveWithLock(EventSourcedAggregate<T> aggregate) {
        super.doSaveWithLock(aggregate);
        if (snapshots != null) {
            snapshots.saved(aggregate);
        }
        if (done.test(aggregate.getAggregateRoot())) {
            cache.remove(aggregate.identifierAsString());
        }
    }

    @Override
    protected EventSourcedAggregate<T> doLoadWithLock(String id, Long expectedVersion) {
        // a pool that was not cached has just been read from the store: nothing to check
        boolean cached = cache.containsKey(id);
        EventSourcedAggregate<T> aggregate = super.doLoadWithLock(id, expectedVersion);
        if (!cached || !shared) {
            return aggregate;
        }
        if (GroupCommitCommandBus.inGroup()) {
            EventSourcedAggregate<T> cachedOne = aggregate;
            Long loaded = cachedOne.version();
            CurrentUnitOfWork.get().onPrepareCommit(u -> {
                if (Objects.equals(cachedOne.version(), loaded)
                        && !Objects.equals(loaded, store.lastSequenceNumberFor(id).orElse(null))) {
                    throw new ConcurrencyException("aggregate " + id + " changed in the store after it was cached");
                }
            });
            return aggregate;
        }
        Long stored = store.lastSequenceNumberFor(id).orElse(null);
        if (!Objects.equals(aggregate.version(), stored)) {
            cache.remove(id);
            aggregate = super.doLoadWithLock(id, expectedVersion);
        }
        return aggregate;
    }
}
