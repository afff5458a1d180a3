package io.swanledger.routing;

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
import io.swanledger.api.session.CloseReason;
import io.swanledger.api.session.CloseSession;
import io.swanledger.gateway.GatewayApplication;
import io.swanledger.it.Await;
import io.swanledger.it.Stores;
import io.swanledger.vlan.AccessListExport;
import java.io.StringReader;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The gateway keeps the kernel (nft-set backend, inside a network namespace the test creates) in
 * line with the events: a granted route appears, a withdrawn pair or a closed session removes it
 * within 5 s, and a restart repairs what changed while the gateway was down.
 */
class RoutingIntegrationTest {

    private static final GatewayId GW = GatewayId.of("vpn-rt");
    private static final String LIST = "vlan 123456 lab0 10.2.0.0/24 10.2.0.254 - -\n";

    private TestNamespace ns;
    private KernelCommands inside;
    private Stores stores;

    @BeforeEach
    void setUp() {
        ns = TestNamespace.withLab("swl-gw-");
        inside = ns.inside();
        stores = Stores.fresh(Stores.Kind.H2);
    }

    @AfterEach
    void tearDown() {
        ns.close();
    }

    private Stores.Gateway start() {
        return stores.start(GatewayApplication.class, "vpn-rt",
                "swanledger.gateway.id=" + GW.value(),
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
                "swanledger.routing.reconcile-period=2s");
    }

    @Test
    void routesFollowTheEventsAndARestartRepairsTheKernel() throws Exception {
        Ipv4Address alice;
        Ipv4Address bob;
        try (Stores.Gateway gw = start()) {
            importList(gw, LIST + "pair alice@123456\n");
            alice = authorize(gw, "alice", "alice@123456");
            await(() -> members().contains(alice.toString()), "alice's route appears");

            importList(gw, LIST);
            await(() -> !members().contains(alice.toString()), "the withdrawn pair removes her route within 5 s");

            importList(gw, LIST + "pair alice@123456\n");
            SessionId again = SessionId.random();
            Ipv4Address second = authorize(gw, again, "alice", "alice@123456");
            await(() -> members().contains(second.toString()), "a new session is routed");
            gw.commands().sendAndWait(new CloseSession(again, CloseReason.DISCONNECTED, null, null, null, GW, Instant.now()));
            await(() -> !members().contains(second.toString()), "closing removes the route");

            importList(gw, LIST + "pair alice@123456\npair bob@123456\n");
            bob = authorize(gw, "bob", "bob@123456");
            String bobAddress = bob.toString();
            await(() -> members().contains(bobAddress), "bob is routed");
        }
        // while the gateway is down someone adds a route it never granted and deletes bob's
        inside.check(List.of("nft", "add", "element", "inet", NftSetRouting.TABLE, "vlan_123456", "{ 10.1.0.200 }"), null);
        String before = members();
        assertTrue(before.contains("10.1.0.200"), before);
        try (Stores.Gateway gw = start()) {
            await(() -> !members().contains("10.1.0.200"), "the start-up reconciliation removes the stale route");
            assertTrue(members().contains(bob.toString()), "bob's live route is still there: " + members());
        } finally {
            stores.drop();
        }
    }

    private String members() {
        return inside.run(List.of("nft", "list", "set", "inet", NftSetRouting.TABLE, "vlan_123456"), null).output();
    }

    private static void importList(Stores.Gateway gw, String text) throws Exception {
        gw.commands().sendAndWait(AccessListExport.parse("test", new StringReader(text), "test", Instant.now()));
    }

    private static Ipv4Address authorize(Stores.Gateway gw, String account, String requested) {
        return authorize(gw, SessionId.random(), account, requested);
    }

    private static Ipv4Address authorize(Stores.Gateway gw, SessionId id, String account, String requested) {
        AuthorizationResult r = gw.commands().sendAndWait(new AuthorizeSession(id, PoolId.of("clients"),
                Identity.parse(requested), AccountName.of(account), AuthMethod.EAP_MSCHAPV2, null, null,
                new PeerEndpoint("198.51.100.7", 4500), new Nas(Ipv4Address.parse("127.0.0.1"), "vpn-rt"), null, null, GW,
                Instant.now()));
        assertTrue(r.accepted() && r.vlanRoute() != null, "authorized with a route: " + r);
        return r.address();
    }

    private static void await(BooleanSupplier condition, String what) throws InterruptedException {
        Await.until(condition, Duration.ofSeconds(5), what);
    }
}
