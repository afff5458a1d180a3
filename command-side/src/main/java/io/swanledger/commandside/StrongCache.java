package io.swanledger.commandside;

import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;
import org.axonframework.common.Registration;
import org.axonframework.common.caching.Cache;

/**
 * Keeps address pools in memory for good. Axon's {@code WeakReferenceCache} loses a pool at every
 * garbage collection, and reloading a pool of 65,000 addresses from its snapshot costs tens of
 * milliseconds — under load, nearly every command paid it. Pools are few (one per gateway or two),
 * so strong references are cheap; past {@code maxEntries} new pools are simply not cached.
 */
final class StrongCache implements Cache {

    private final ConcurrentHashMap<Object, Object> entries = new ConcurrentHashMap<>();
    private final List<EntryListener> listeners = new CopyOnWriteArrayList<>();
    private final int maxEntries;

    StrongCache(int maxEntries) {
        this.maxEntries = maxEntries;
    }

    @Override
    @SuppressWarnings("unchecked")
    public <K, V> V get(K key) {
        V value = (V) entries.get(key);
        if (value != null) {
            listeners.forEach(l -> l.onEntryRead(key, value));
        }
        return value;
    }

    @Override
    public void put(Object key, Object value) {
        if (value == null) {
            remove(key);
            return;
        }
        if (!entries.containsKey(key) && entries.size() >= maxEntries) {
            return;
        }
        Object previous = entries.put(key, value);
        listeners.forEach(l -> {
            if (previous == null) {
                l.onEntryCreated(key, value);
            } else {
                l.onEntryUpdated(key, value);
            }
        });
    }

    @Override
    public boolean putIfAbsent(Object key, Object value) {
        if (entries.size() >= maxEntries && !entries.containsKey(key)) {
            return false;
        }
        boolean added = entries.putIfAbsent(key, value) == null;
        if (added) {
            listeners.forEach(l -> l.onEntryCreated(key, value));
        }
        return added;
    }

    @Override
    @SuppressWarnings("unchecked")
    public <T> T computeIfAbsent(Object key, Supplier<T> valueSupplier) {
        Object existing = entries.get(key);
        if (existing != null) {
            return (T) existing;
        }
        T value = valueSupplier.get();
        putIfAbsent(key, value);
        return (T) entries.getOrDefault(key, value);
    }

    @Override
    public boolean remove(Object key) {
        boolean removed = entries.remove(key) != null;
        if (removed) {
            listeners.forEach(l -> l.onEntryRemoved(key));
        }
        return removed;
    }

    @Override
    public void removeAll() {
        entries.keySet().forEach(this::remove);
    }

    @Override
    public boolean containsKey(Object key) {
        return entries.containsKey(key);
    }

    @Override
    public Registration registerCacheEntryListener(EntryListener listener) {
        listeners.add(listener);
        return () -> listeners.remove(listener);
    }

    @Override
    @SuppressWarnings("unchecked")
    public <V> void computeIfPresent(Object key, UnaryOperator<V> update) {
        entries.computeIfPresent(key, (k, v) -> update.apply((V) v));
    }
}
