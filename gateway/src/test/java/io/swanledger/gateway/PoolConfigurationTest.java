package io.swanledger.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.swanledger.api.identity.AccountName;
import io.swanledger.api.identity.AuthMethod;
import io.swanledger.api.identity.GatewayId;
import io.swanledger.api.identity.Identity;
import io.swanledger.api.identity.Nas;
import io.swanledger.api.identity.PoolId;
import io.swanledger.api.identity.SessionId;
import io.swanledger.api.net.Ipv4Address;
import io.swanledger.api.net.PeerEndpoint;
import io.swanledger.api.pool.AddressReleased;
import io.swanledger.api.pool.AddressReserved;
import io.swanledger.api.pool.PoolReconfigured;
import io.swanledger.api.session.AuthorizationResult;
import io.swanledger.api.session.AuthorizeSession;
import io.swanledger.api.session.CloseReason;
import io.swanledger.api.session.CloseSession;
import io.swanledger.api.session.EstablishSession;
import io.swanledger.it.Stores;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;

/**
 * An operator changes the pool in the gateway's configuration and restarts it: the stored pool
 * follows — the shrunk range and the new reservation are events, the address a live session holds
 * outside the new ranges stays its own until it is released, and is never handed out again after.
 */
class PoolConfigurationTest {

    private static final GatewayId GW = GatewayId.of("vpn-pool");
    private static final PoolId POOL = PoolId.of("clients");

    private static String[] settings(String ranges, String reserved) {
        return new String[] {"swanledger.gateway.id=" + GW.value(), "swanledger.pool.network=10.1.0.0/24",
                "swanledger.pool.ranges=" + ranges, "swanledger.pool.reserved=" + reserved,
                "swanledger.radius.auth-port=0", "swanledger.radius.acct-port=0",
                "swanledger.radius.clients[0].address=127.0.0.1", "swanledger.radius.clients[0].secret=unused-in-this-test",
                "swanledger.radius.upstreams[0].address=127.0.0.1", "swanledger.radius.upstreams[0].port=9",
                "swanledger.radius.upstreams[0].secret=unused-in-this-test"};
    }

    @Test
    void aChangedPoolConfigurationIsRecordedAtStartAndNeverTakesAnAddressFromALiveSession() throws Exception {
        Stores stores = Stores.fresh(Stores.Kind.H2);
        SessionId alice = SessionId.random();
        try (Stores.Gateway gw = stores.start(GatewayApplication.class, "vpn-pool", settings("10.1.0.10-10.1.0.20", "10.1.0.1"))) {
            assertEquals(Ipv4Address.parse("10.1.0.15"), authorize(gw, alice, "alice", "10.1.0.15").address());
            gw.commands().sendAndWait(new EstablishSession(alice, "vici", 1, GW, Instant.now()));
        }
        try (Stores.Gateway gw = stores.start(GatewayApplication.class, "vpn-pool", settings("10.1.0.10-10.1.0.12", "10.1.0.11"))) {
            List<Object> pool = events(gw);
            PoolReconfigured changed = (PoolReconfigured) pool.stream().filter(PoolReconfigured.class::isInstance).findFirst().orElseThrow();
            assertEquals("[10.1.0.10-10.1.0.12]", changed.ranges().toString());
            assertTrue(pool.stream().anyMatch(e -> e instanceof AddressReserved r && r.address().toString().equals("10.1.0.11")));
            assertFalse(pool.stream().anyMatch(AddressReleased.class::isInstance), "alice keeps 10.1.0.15 while she is online");

            gw.commands().sendAndWait(new CloseSession(alice, CloseReason.DISCONNECTED, null, null, null, GW, Instant.now()));
            await(gw, () -> events(gw).stream().anyMatch(AddressReleased.class::isInstance));
            assertEquals("10.1.0.10", authorize(gw, SessionId.random(), "bob", null).address().toString());
            assertEquals("10.1.0.12", authorize(gw, SessionId.random(), "carol", null).address().toString());
            io.swanledger.api.pool.CountAddresses.AddressCounts counts = gw.commands().sendAndWait(
                    new io.swanledger.api.pool.CountAddresses(POOL, Instant.now()));
            assertEquals(new io.swanledger.api.pool.CountAddresses.AddressCounts(0, 2, 0), counts, "the pool counts itself");
            AuthorizationResult full = authorize(gw, SessionId.random(), "dave", null);
            assertFalse(full.accepted(), "10.1.0.11 is reserved and 10.1.0.15 left the pool: " + full);
            assertNull(full.address());
        } finally {
            stores.drop();
        }
    }

    private static AuthorizationResult authorize(Stores.Gateway gw, SessionId id, String account, String preferred) {
        return gw.commands().sendAndWait(new AuthorizeSession(id, POOL, Identity.parse(account), AccountName.of(account),
                AuthMethod.EAP_MSCHAPV2, null, null, new PeerEndpoint("198.51.100.7", 4500),
                new Nas(Ipv4Address.parse("127.0.0.1"), GW.value()), null,
                preferred == null ? null : Ipv4Address.parse(preferred), GW, Instant.now()));
    }

    private static List<Object> events(Stores.Gateway gw) {
        return gw.eventStore().readEvents(POOL.value()).asStream().map(m -> (Object) m.getPayload()).toList();
    }

    private static void await(Stores.Gateway gw, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
        while (System.nanoTime() < deadline && !condition.getAsBoolean()) {
            Thread.sleep(100);
        }
        assertTrue(condition.getAsBoolean(), "not within 15 s");
    }
}
