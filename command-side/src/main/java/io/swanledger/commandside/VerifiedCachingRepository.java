package io.swanledger.commandside;

import java.util.Objects;
import org.axonframework.common.caching.Cache;
import org.axonframework.eventsourcing.CachingEventSourcingRepository;
import org.axonframework.eventsourcing.EventSourcedAggregate;
import org.axonframework.eventsourcing.EventSourcingRepository;
import org.axonframework.eventsourcing.eventstore.EventStore;

/**
 * A cached aggregate is used only if it is as new as the store. Several gateways may share one store,
 * and the session saga of one may release an address in a pool another one just changed: a stale
 * cached pool would then refuse a release it should accept (a refusal is not an append, so the
 * store's sequence check never sees it). One indexed {@code max(sequence_number)} per command keeps
 * the cache's gain (no re-reading of a 65,000-address pool) without the risk.
 */
final class VerifiedCachingRepository<T> extends CachingEventSourcingRepository<T> {

    private final EventStore store;
    private final Cache cache;

    VerifiedCachingRepository(EventSourcingRepository.Builder<T> builder, EventStore store, Cache cache) {
        super(builder.eventStore(store).cache(cache));
        this.store = store;
        this.cache = cache;
    }

    @Override
    protected EventSourcedAggregate<T> doLoadWithLock(String id, Long expectedVersion) {
        // a pool that was not cached has just been read from the store: nothing to check
        boolean cached = cache.containsKey(id);
        EventSourcedAggregate<T> aggregate = super.doLoadWithLock(id, expectedVersion);
        if (!cached) {
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
