package io.swanledger.it;

import static io.swanledger.Fixtures.GW;
import static io.swanledger.Fixtures.POOL;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.swanledger.api.identity.AccountName;
import io.swanledger.api.identity.GatewayId;
import io.swanledger.api.identity.SessionId;
import io.swanledger.api.net.CidrPrefix;
import io.swanledger.api.net.Ipv4Address;
import io.swanledger.api.net.Ipv4Range;
import io.swanledger.api.pool.AddressAllocated;
import io.swanledger.api.pool.AddressAllocationRefused;
import io.swanledger.api.pool.AddressReleased;
import io.swanledger.api.pool.AllocateAddress;
import io.swanledger.api.pool.DefinePool;
import io.swanledger.api.pool.ReleaseAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventsourcing.eventstore.DomainEventStream;
import org.junit.jupiter.api.Test;

/**
 * Two gateways — two independent application contexts, each with its own command bus, aggregate
 * cache and locks — allocate concurrently from one pool on one PostgreSQL database. The only thing
 * that serializes them is the event store's unique (aggregate, sequence) key: the loser of each race
 * gets a concurrency conflict and its command is retried. Afterwards the pool's whole history is
 * replayed to prove that no address was ever held by two sessions at once.
 */
class PostgresConcurrentAllocationTest {

    static final int ALLOCATIONS = 10_000;
    static final int THREADS_PER_GATEWAY = 4;
    /** Each worker keeps at most this many addresses: 8 × 20 = 160 of 241, so the pool never runs dry. */
    static final int HELD_PER_WORKER = 20;

    @Test
    void twoGatewaysNeverHandOneAddressToTwoLiveSessions() throws Exception {
        Stores store = Stores.fresh(Stores.Kind.POSTGRESQL);
        try (Stores.Gateway a = store.start("vpn1"); Stores.Gateway b = store.start("vpn2")) {
            a.commands().sendAndWait(new DefinePool(POOL, CidrPrefix.parse("10.1.0.0/24"),
                    List.of(Ipv4Range.parse("10.1.0.10-10.1.0.250")), Set.of(Ipv4Address.parse("10.1.0.254")),
                    Duration.ZERO, "ops", Instant.now()));
            AtomicInteger issued = new AtomicInteger();
            ExecutorService pool = Executors.newFixedThreadPool(2 * THREADS_PER_GATEWAY);
            List<Future<Integer>> workers = new ArrayList<>();
            long started = System.nanoTime();
            for (int w = 0; w < 2 * THREADS_PER_GATEWAY; w++) {
                Stores.Gateway mine = w % 2 == 0 ? a : b;
                Stores.Gateway other = w % 2 == 0 ? b : a;
                int worker = w;
                workers.add(pool.submit(() -> work(worker, mine, other, issued)));
            }
            int done = 0;
            for (Future<Integer> f : workers) {
                done += f.get();
            }
            pool.shutdown();
            double seconds = (System.nanoTime() - started) / 1e9;

            // Replay the pool's history in sequence order: the authoritative order of what happened.
            Map<Integer, String> holder = new HashMap<>();
            int allocations = 0;
            int releases = 0;
            int refusals = 0;
            long expectedSequence = 0;
            DomainEventStream history = a.eventStore().readEvents(POOL.value(), 0);
            while (history.hasNext()) {
                DomainEventMessage<?> m = history.next();
                assertEquals(expectedSequence++, m.getSequenceNumber(), "gap-free sequence");
                Object e = m.getPayload();
                if (e instanceof AddressAllocated al) {
                    String previous = holder.put(al.address().bits(), al.sessionId().value());
                    assertNull(previous, al.address() + " handed to " + al.sessionId() + " while " + previous + " held it");
                    allocations++;
                } else if (e instanceof AddressReleased r) {
                    assertEquals(r.sessionId().value(), holder.remove(r.address().bits()), "released by its holder");
                    releases++;
                } else if (e instanceof AddressAllocationRefused) {
                    refusals++;
                }
            }
            long conflicts = a.retries().conflicts() + b.retries().conflicts();
            long givenUp = a.retries().conflictsGivenUp() + b.retries().conflictsGivenUp();
            System.out.printf("%n[concurrent allocation] 2 gateways x %d threads on PostgreSQL: %d allocations, %d releases, "
                            + "%d refusals in %.1f s (%.0f pool commands/s); optimistic-concurrency conflicts: %d retried, %d given up "
                            + "(gateway vpn1 %d, vpn2 %d)%n",
                    THREADS_PER_GATEWAY, allocations, releases, refusals, seconds, (allocations + releases) / seconds,
                    conflicts, givenUp, a.retries().conflicts(), b.retries().conflicts());

            assertEquals(ALLOCATIONS, done);
            assertEquals(ALLOCATIONS, allocations);
            assertEquals(ALLOCATIONS, releases, "every allocation released again");
            assertEquals(0, refusals);
            assertTrue(holder.isEmpty(), "no address left held: " + holder);
            assertEquals(0, givenUp, "every conflict retried to success");
            assertTrue(conflicts > 0, "two gateways on one pool do collide; a run without conflicts tested nothing");
        } finally {
            store.drop();
        }
    }

    /** Allocates through its own gateway, releases the oldest address through the other one. */
    static int work(int worker, Stores.Gateway mine, Stores.Gateway other, AtomicInteger issued) {
        ArrayDeque<Object[]> held = new ArrayDeque<>();
        int count = 0;
        GatewayId gw = GatewayId.of("vpn" + (worker % 2 + 1));
        while (issued.getAndIncrement() < ALLOCATIONS) {
            SessionId session = SessionId.of("w" + worker + "-" + count);
            Ipv4Address address = mine.commands().sendAndWait(new AllocateAddress(POOL, session,
                    AccountName.of("user" + (worker * 1000 + count % 50)), null, gw, Instant.now()));
            assertNotNull(address, "pool never runs dry in this test");
            held.add(new Object[] {address, session});
            count++;
            if (held.size() >= HELD_PER_WORKER) {
                release(count % 2 == 0 ? other : mine, held.poll(), gw);
            }
        }
        while (!held.isEmpty()) {
            release(mine, held.poll(), gw);
        }
        return count;
    }

    static void release(Stores.Gateway via, Object[] h, GatewayId gw) {
        via.commands().sendAndWait(new ReleaseAddress(POOL, (Ipv4Address) h[0], (SessionId) h[1], GW, Instant.now()));
    }
}
