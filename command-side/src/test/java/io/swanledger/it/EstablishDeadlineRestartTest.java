package io.swanledger.it;

import static io.swanledger.Fixtures.ALICE;
import static io.swanledger.Fixtures.GW;
import static io.swanledger.Fixtures.NAS;
import static io.swanledger.Fixtures.PEER;
import static io.swanledger.Fixtures.POOL;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.swanledger.api.identity.AuthMethod;
import io.swanledger.api.identity.Identity;
import io.swanledger.api.identity.SessionId;
import io.swanledger.api.net.CidrPrefix;
import io.swanledger.api.net.Ipv4Range;
import io.swanledger.api.pool.AddressReleased;
import io.swanledger.api.pool.DefinePool;
import io.swanledger.api.session.AuthorizationResult;
import io.swanledger.api.session.AuthorizeSession;
import io.swanledger.api.session.CloseReason;
import io.swanledger.api.session.SessionClosed;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * A session authorized just before the gateway stops, that never comes up, is closed
 * {@code never-established} by the next process on the same store and its address goes back — the
 * deadline lives in the store, not in the memory of the process that stopped. (With Axon's
 * in-memory SimpleDeadlineManager this test fails: the deadline dies with the first context.)
 */
class EstablishDeadlineRestartTest {

    @Test
    void closesASessionThatNeverCameUpAfterARestart() throws Exception {
        Stores store = Stores.fresh(Stores.Kind.H2);
        SessionId id = SessionId.random();
        AuthorizationResult r;
        Instant authorizedAt = Instant.now().truncatedTo(ChronoUnit.MICROS).minusSeconds(18);
        try (Stores.Gateway first = store.start("vpn1", "swanledger.gateway.id=" + GW.value(),
                "swanledger.session.establish-timeout=20s", "swanledger.session.sweep-period=1m")) {
            first.commands().sendAndWait(new DefinePool(POOL, CidrPrefix.parse("10.1.0.0/24"),
                    List.of(Ipv4Range.parse("10.1.0.10-10.1.0.250")), Set.of(), Duration.ZERO, "ops", Instant.now()));
            // the deadline (authorized + 20 s) is 2 s away when this process stops: an in-memory deadline dies with it
            r = first.commands().sendAndWait(new AuthorizeSession(id, POOL, Identity.parse("alice"), ALICE,
                    AuthMethod.EAP_MSCHAPV2, null, null, PEER, NAS, "acct-restart", null, GW, authorizedAt));
            assertTrue(r.accepted());
        }
        try (Stores.Gateway second = store.start("vpn1", "swanledger.gateway.id=" + GW.value(),
                "swanledger.session.establish-timeout=20s", "swanledger.session.sweep-period=200ms")) {
            SessionClosed closed = awaitEvent(second, id.value(), SessionClosed.class);
            assertEquals(CloseReason.NEVER_ESTABLISHED, closed.reason());
            assertEquals(authorizedAt.plusSeconds(20), closed.at(), "dated at its deadline, not at the sweep");
            AddressReleased released = awaitEvent(second, POOL.value(), AddressReleased.class);
            assertEquals(r.address(), released.address());
        }
    }

    private static <T> T awaitEvent(Stores.Gateway gw, String aggregate, Class<T> type) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (System.nanoTime() < deadline) {
            Optional<T> found = gw.eventStore().readEvents(aggregate).asStream().map(m -> m.getPayload())
                    .filter(type::isInstance).map(type::cast).findFirst();
            if (found.isPresent()) {
                return found.get();
            }
            Thread.sleep(100);
        }
        throw new AssertionError("no " + type.getSimpleName() + " in " + aggregate + " within 20 s");
    }
}
