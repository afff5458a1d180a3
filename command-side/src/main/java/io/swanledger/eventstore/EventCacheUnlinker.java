package io.swanledger.eventstore;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import org.axonframework.eventsourcing.eventstore.EmbeddedEventStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Unlinks the events that Axon's {@link EmbeddedEventStore} has dropped from its cache. The cache is a
 * chain of nodes, each linking to the next, and dropping the oldest only moves the store's pointer:
 * the dropped node keeps its link. Once one such node has reached the old generation, its link keeps
 * the next node alive at every young collection, that one the next, and so on to the newest: every event
 * the store reads survives its first collection and is promoted, to die in the old generation (under
 * churn 30–46 MB a collection, young pauses of 60–120 ms, the old generation filling to 1.3 GB). With
 * each dropped node's link cleared, a cached event lives as long as it is cached or read.
 *
 * <p>Run on the store's producer thread before each of its reads ({@link PacedJdbcEventStorageEngine}),
 * the only thread that moves the oldest node, so that only nodes already behind it are touched. A
 * processor still at such a node finds no next one, counts as behind the cache, and reads on its own
 * from its token, as it would once the cache had moved past it. Reflection on Axon 4's private fields,
 * since the store offers no hook; if they are not there, this does nothing and says so once.
 */
public final class EventCacheUnlinker implements Runnable {

    private static final Logger log = LoggerFactory.getLogger(EventCacheUnlinker.class);
    private static final VarHandle OLDEST;
    private static final VarHandle NEXT;
    private static final VarHandle INDEX;

    static {
        VarHandle oldest = null;
        VarHandle next = null;
        VarHandle index = null;
        try {
            Class<?> node = Class.forName(EmbeddedEventStore.class.getName() + "$Node");
            oldest = MethodHandles.privateLookupIn(EmbeddedEventStore.class, MethodHandles.lookup())
                    .findVarHandle(EmbeddedEventStore.class, "oldest", node);
            MethodHandles.Lookup nodes = MethodHandles.privateLookupIn(node, MethodHandles.lookup());
            next = nodes.findVarHandle(node, "next", node);
            index = nodes.findVarHandle(node, "index", long.class);
        } catch (ReflectiveOperationException | RuntimeException e) {
            log.warn("the event store's cache is left as Axon keeps it (its dropped events stay linked): {}", e.toString());
        }
        OLDEST = oldest;
        NEXT = next;
        INDEX = index;
    }

    private final EmbeddedEventStore store;
    /** The oldest node when last run: every node from it up to the present oldest has been dropped since. */
    private Object unlinkedUpTo;

    private EventCacheUnlinker(EmbeddedEventStore store) {
        this.store = store;
    }

    /** The unlinker for {@code store}, or one that does nothing where Axon's fields are not as expected. */
    public static Runnable of(EmbeddedEventStore store) {
        return OLDEST == null || NEXT == null || INDEX == null ? () -> { } : new EventCacheUnlinker(store);
    }

    @Override
    public void run() {
        Object oldest = oldest(store);
        if (oldest == null) {
            return;
        }
        long kept = index(oldest);
        Object node = unlinkedUpTo;
        // by index, not by identity alone: nothing at or after the oldest cached node is ever touched
        while (node != null && index(node) < kept) {
            Object next = next(node);
            NEXT.setVolatile(node, null);
            node = next;
        }
        unlinkedUpTo = oldest;
    }

    /** The oldest node {@code store} keeps, or null (also for the tests). */
    static Object oldest(EmbeddedEventStore store) {
        return OLDEST.getVolatile(store);
    }

    static Object next(Object node) {
        return NEXT.getVolatile(node);
    }

    static long index(Object node) {
        return (long) INDEX.get(node);
    }
}
