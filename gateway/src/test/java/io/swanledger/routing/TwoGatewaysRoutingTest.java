package io.swanledger.routing;

import io.swanledger.it.Scratch;
import static org.junit.jupiter.api.Assertions.assertFalse;
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
import io.swanledger.api.session.AuthorizationResult;
import io.swanledger.api.session.AuthorizeSession;
import io.swanledger.gateway.GatewayApplication;
import io.swanledger.it.Await;
import io.swanledger.it.GatewayProcess;
import io.swanledger.it.Stores;
import io.swanledger.vlan.AccessListExport;
import java.io.StringReader;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Two gateways on one PostgreSQL history, each with its own network namespace and kernel state (nft-set
 * backend): gateway A in this JVM, gateway B in a JVM of its own so that it can be killed with SIGKILL.
 * Each kernel holds exactly its own clients' routes; a pair revoked on the shared list leaves the
 * kernel of the gateway that routed it; a crashed B changes nothing on A.
 */
class TwoGatewaysRoutingTest {

    private static final GatewayId A = GatewayId.of("vpn-a");
    private static final GatewayId B = GatewayId.of("vpn-b");
    private static final String LIST = "vlan 123456 lab0 10.2.0.0/24 10.2.0.254 - -\n";

    private TestNamespace nsA;
    private TestNamespace nsB;
    private Stores stores;
    private Path dir;

    @BeforeEach
    void setUp() throws Exception {
        nsA = TestNamespace.withLab("swl-a-");
        nsB = TestNamespace.withLab("swl-b-");
        stores = Stores.fresh(Stores.Kind.POSTGRESQL);
        dir = Scratch.directory("swanledger-two-");
    }

    @AfterEach
    void tearDown() {
        nsA.close();
        nsB.close();
        stores.drop();
    }

    private static String[] settings(GatewayId id, TestNamespace ns) {
        return new String[] {"swanledger.gateway.id=" + id.value(),
                "swanledger.pool.network=10.1.0.0/16",
                "swanledger.pool.ranges=10.1.0.10-10.1.0.250",
                "swanledger.radius.auth-port=0",
                "swanledger.radius.acct-port=0",
                "swanledger.radius.clients[0].address=127.0.0.1",
                "swanledger.radius.clients[0].secret=unused-in-this-test",
                "swanledger.radius.upstreams[0].address=127.0.0.1",
                "swanledger.radius.upstreams[0].port=9",
                "swanledger.radius.upstreams[0].secret=unused-in-this-test",
                "swanledger.routing.backend=nft-set",
                "swanledger.routing.campus=10.2.0.0/16",
                "swanledger.routing.netns=" + ns.name(),
                "swanledger.routing.reconcile-period=2s"};
    }

    @Test
    void eachKernelHoldsItsOwnClientsAndARevokeReachesTheGatewayThatRoutedIt() throws Exception {
        try (Stores.Gateway a = stores.start(GatewayApplication.class, "vpn-a", settings(A, nsA));
             GatewayProcess b = GatewayProcess.start(stores, dir, "vpn-b", settings(B, nsB))) {
            importList(a, LIST + "pair alice@123456\npair bob@123456\npair carol@123456\n");
            // the history is shared: a session recorded for gateway B reaches B through its own processor
            String alice = authorize(a, A, "alice");
            String bob = authorize(a, B, "bob");
            await(() -> members(nsA).contains(alice) && members(nsB).contains(bob), "each gateway routes its client");
            assertFalse(members(nsA).contains(bob), "A never routes B's client: " + members(nsA));
            assertFalse(members(nsB).contains(alice), "B never routes A's client: " + members(nsB));

            importList(a, LIST + "pair alice@123456\npair carol@123456\n");
            await(() -> !members(nsB).contains(bob), "the revoked pair leaves B's kernel");
            assertTrue(members(nsA).contains(alice), "A keeps alice: " + members(nsA));

            String bobAgain = authorize(a, B, "carol");
            await(() -> members(nsB).contains(bobAgain), "B routes carol");
            b.kill();
            assertFalse(b.isAlive());
            String dave = authorizeAfterListing(a, "dave");
            await(() -> members(nsA).contains(dave), "A goes on routing after B crashed");
            assertTrue(members(nsA).contains(alice) && !members(nsA).contains(bobAgain), members(nsA));
            assertTrue(members(nsB).contains(bobAgain), "B's kernel keeps what it had when it died: " + members(nsB));
        }
    }

    private String authorizeAfterListing(Stores.Gateway a, String account) throws Exception {
        importList(a, LIST + "pair alice@123456\npair carol@123456\npair " + account + "@123456\n");
        return authorize(a, A, account);
    }

    private static String members(TestNamespace ns) {
        return ns.inside().run(List.of("nft", "list", "set", "inet", NftSetRouting.TABLE, "vlan_123456"), null).output();
    }

    private static void importList(Stores.Gateway gw, String text) throws Exception {
        gw.commands().sendAndWait(AccessListExport.parse("test", new StringReader(text), "test", Instant.now()));
    }

    private static String authorize(Stores.Gateway via, GatewayId gateway, String account) {
        SessionId id = SessionId.random();
        AuthorizationResult r = via.commands().sendAndWait(new AuthorizeSession(id, PoolId.of("clients"),
                Identity.parse(account + "@123456"), AccountName.of(account), AuthMethod.EAP_MSCHAPV2, null, null,
                new PeerEndpoint("198.51.100.7", 4500), new Nas(Ipv4Address.parse("127.0.0.1"), gateway.value()), null,
                null, gateway, Instant.now()));
        assertTrue(r.accepted() && r.vlanRoute() != null, "authorized with a route: " + r);
        return r.address().toString();
    }

    private static void await(BooleanSupplier condition, String what) throws InterruptedException {
        Await.until(condition, Duration.ofSeconds(15), what);
    }
}
