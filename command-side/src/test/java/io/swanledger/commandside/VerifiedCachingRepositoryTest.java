package io.swanledger.commandside;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.eventsourcing.EventSourcingRepository;
import org.axonframework.eventsourcing.eventstore.EmbeddedEventStore;
import org.axonframework.eventsourcing.eventstore.inmemory.InMemoryEventStorageEngine;
import org.axonframework.messaging.unitofwork.DefaultUnitOfWork;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.junit.jupiter.api.Test;

class VerifiedCachingRepositoryTest {

    record Opened(String id) {
    }

    record Closed(String id) {
    }

    /** An aggregate with a final state, as a session has. */
    static class Ticket {
        @AggregateIdentifier
        private String id;
        private boolean closed;

        Ticket() {
        }

        Ticket(String id) {
            apply(new Opened(id));
        }

        void close() {
            if (!closed) {
                apply(new Closed(id));
            }
        }

        @EventSourcingHandler
        void on(Opened e) {
            id = e.id();
        }

        @EventSourcingHandler
        void on(Closed e) {
            closed = true;
        }
    }

    private final EmbeddedEventStore store = EmbeddedEventStore.builder()
            .storageEngine(new InMemoryEventStorageEngine()).build();
    private final AggregateCache cache = new AggregateCache(100);
    private final VerifiedCachingRepository<Ticket> tickets = new VerifiedCachingRepository<>(
            EventSourcingRepository.builder(Ticket.class), store, cache, true, t -> t.closed);

    @Test
    void anAggregateSavedInItsFinalStateLeavesTheCacheAndIsStillFoundInTheStore() throws Exception {
        inUnitOfWork(() -> tickets.newInstance(() -> new Ticket("t-1")));
        assertTrue(cache.containsKey("t-1"), "an open ticket stays in memory");

        inUnitOfWork(() -> tickets.load("t-1").execute(Ticket::close));
        assertFalse(cache.containsKey("t-1"), "a closed ticket leaves the cache");

        // asked again (a repeated Stop): read back from the store, closed, and nothing new recorded
        inUnitOfWork(() -> tickets.load("t-1").execute(t -> {
            assertTrue(t.closed);
            t.close();
        }));
        assertFalse(cache.containsKey("t-1"));
        assertEquals(2, store.readEvents("t-1").asStream().count(), "opened and closed, once each");
    }

    @Test
    void aClosedAggregateLeavesNoRoomTakenFromLiveOnes() throws Exception {
        AggregateCache small = new AggregateCache(10);
        VerifiedCachingRepository<Ticket> few = new VerifiedCachingRepository<>(
                EventSourcingRepository.builder(Ticket.class), store, small, true, t -> t.closed);
        for (int i = 0; i < 50; i++) {
            String id = "c-" + i;
            inUnitOfWork(() -> few.newInstance(() -> new Ticket(id)));
            inUnitOfWork(() -> few.load(id).execute(Ticket::close));
        }
        inUnitOfWork(() -> few.newInstance(() -> new Ticket("live")));
        assertTrue(small.containsKey("live"), "a new ticket is kept after many closed ones");
        assertEquals(1, small.size(), "only the live ticket is in memory");
    }

    private static void inUnitOfWork(ThrowingRunnable work) throws Exception {
        var result = DefaultUnitOfWork.startAndGet(null).executeWithResult(() -> {
            work.run();
            return null;
        });
        if (result.isExceptional()) {
            throw new AssertionError(result.exceptionResult());
        }
    }

    @FunctionalInterface
    interface ThrowingRunnable {
        void run() throws Exception;
    }
}
