package io.swanledger.session;

import static io.swanledger.Fixtures.ALICE;
import static io.swanledger.Fixtures.ALICE_AT_LAB;
import static io.swanledger.Fixtures.GW;
import static io.swanledger.Fixtures.LAB;
import static io.swanledger.Fixtures.POOL;
import static io.swanledger.Fixtures.T0;
import static io.swanledger.Fixtures.VLAN;

import io.swanledger.api.CommandRejectedException;
import io.swanledger.api.identity.SessionId;
import io.swanledger.api.pool.ReleaseAddress;
import io.swanledger.api.session.CloseReason;
import io.swanledger.api.session.RevokeVlanRoute;
import io.swanledger.api.session.SessionClosed;
import io.swanledger.api.session.Usage;
import io.swanledger.api.session.VlanRouteRevoked;
import io.swanledger.api.vlan.AccessPair;
import io.swanledger.api.vlan.AccessPairRevoked;
import io.swanledger.api.vlan.ImportAccessList;
import io.swanledger.api.vlan.LabVlanUnregistered;
import org.axonframework.test.saga.SagaTestFixture;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class SessionLifecycleSagaTest {

    static final String S = "s1";
    static final String LIST = ImportAccessList.CAMPUS;

    private SagaTestFixture<SessionLifecycleSaga> fixture;

    @BeforeEach
    void setUp() {
        fixture = new SagaTestFixture<>(SessionLifecycleSaga.class);
        fixture.registerResource(SessionPolicy.DEFAULT);
    }

    static SessionClosed closed(CloseReason reason) {
        return new SessionClosed(SessionId.of(S), ALICE, reason, null, null, POOL, VpnSessionTest.IP, null, true,
                Usage.ZERO, GW, T0.plusSeconds(300));
    }

    @Test
    void followsAnAuthorizedSessionWithoutAnyInMemoryDeadline() {
        fixture.givenCurrentTime(T0)
                .whenPublishingA(VpnSessionTest.authorized())
                .expectActiveSagas(1)
                .expectNoScheduledDeadlines()
                .expectNoDispatchedCommands();
    }

    @Test
    void releasesTheAddressWhenTheSessionCloses() {
        fixture.givenAggregate(S).published(VpnSessionTest.authorized(), VpnSessionTest.assigned())
                .whenAggregate(S).publishes(closed(CloseReason.DISCONNECTED))
                .expectActiveSagas(0)
                .expectNoScheduledDeadlines()
                .expectDispatchedCommands(new ReleaseAddress(POOL, VpnSessionTest.IP, SessionId.of(S), GW, T0.plusSeconds(300)));
    }

    @Test
    void carriesOnWhenThePoolRefusesAStaleRelease() {
        // history processed again: the address has long since gone to another session
        fixture.setCallbackBehavior((command, metaData) -> {
            throw new CommandRejectedException("pool clients: session s1 does not hold 10.1.0.37");
        });
        fixture.givenAggregate(S).published(VpnSessionTest.authorized(), VpnSessionTest.assigned())
                .whenAggregate(S).publishes(closed(CloseReason.DISCONNECTED))
                .expectSuccessfulHandlerExecution()
                .expectActiveSagas(0)
                .expectDispatchedCommands(new ReleaseAddress(POOL, VpnSessionTest.IP, SessionId.of(S), GW, T0.plusSeconds(300)));
    }

    @Test
    void revokesTheRouteOfALiveSessionWhenItsPairLeavesTheList() {
        fixture.givenAggregate(S).published(VpnSessionTest.authorized(), VpnSessionTest.assigned(), VpnSessionTest.granted())
                .whenAggregate(LIST).publishes(new AccessPairRevoked(LIST, ALICE_AT_LAB, "export", T0.plusSeconds(5)))
                .expectDispatchedCommands(new RevokeVlanRoute(SessionId.of(S), VlanRouteRevoked.Reason.PAIR_REVOKED, GW, T0.plusSeconds(5)));
    }

    @Test
    void leavesSessionsOfOtherPairsAlone() {
        fixture.givenAggregate(S).published(VpnSessionTest.authorized(), VpnSessionTest.assigned(), VpnSessionTest.granted())
                .whenAggregate(LIST).publishes(new AccessPairRevoked(LIST, AccessPair.parse("bob@123456"), "export", T0.plusSeconds(5)))
                .expectNoDispatchedCommands();
    }

    @Test
    void revokesTheRouteWhenItsVlanIsUnregistered() {
        fixture.givenAggregate(S).published(VpnSessionTest.authorized(), VpnSessionTest.assigned(), VpnSessionTest.granted())
                .whenAggregate(LIST).publishes(new LabVlanUnregistered(LIST, LAB, "export", T0.plusSeconds(5)))
                .expectDispatchedCommands(new RevokeVlanRoute(SessionId.of(S), VlanRouteRevoked.Reason.VLAN_UNREGISTERED, GW, T0.plusSeconds(5)));
    }

    @Test
    void forgetsThePairOnceTheRouteIsRevoked() {
        fixture.givenAggregate(S).published(VpnSessionTest.authorized(), VpnSessionTest.assigned(), VpnSessionTest.granted(),
                        new VlanRouteRevoked(SessionId.of(S), ALICE, LAB, VpnSessionTest.IP, VlanRouteRevoked.Reason.VLAN_CHANGED, GW, T0))
                .whenAggregate(LIST).publishes(new AccessPairRevoked(LIST, new AccessPair(ALICE, VLAN), "export", T0.plusSeconds(5)))
                .expectNoDispatchedCommands();
    }
}
