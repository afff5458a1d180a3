package io.swanledger.session;

import static io.swanledger.Fixtures.ALICE;
import static io.swanledger.Fixtures.ALICE_AT_LAB;
import static io.swanledger.Fixtures.GW;
import static io.swanledger.Fixtures.LAB;
import static io.swanledger.Fixtures.NAS;
import static io.swanledger.Fixtures.PEER;
import static io.swanledger.Fixtures.POOL;
import static io.swanledger.Fixtures.T0;
import static io.swanledger.Fixtures.VLAN;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.verifyNoInteractions;
import static org.mockito.Mockito.when;

import io.swanledger.api.identity.AuthMethod;
import io.swanledger.api.identity.Identity;
import io.swanledger.api.identity.SessionId;
import io.swanledger.api.net.Ipv4Address;
import io.swanledger.api.net.PeerEndpoint;
import io.swanledger.api.session.AddressAssigned;
import io.swanledger.api.session.ClientEndpointChanged;
import io.swanledger.api.session.CloseReason;
import io.swanledger.api.session.CloseSession;
import io.swanledger.api.session.EstablishSession;
import io.swanledger.api.session.IkeSaRekeyed;
import io.swanledger.api.session.RecordClientEndpoint;
import io.swanledger.api.session.RecordIkeRekey;
import io.swanledger.api.session.RecordUsage;
import io.swanledger.api.session.RevokeVlanRoute;
import io.swanledger.api.session.SessionAuthorized;
import io.swanledger.api.session.SessionClosed;
import io.swanledger.api.session.SessionEstablished;
import io.swanledger.api.session.SessionUsageRecorded;
import io.swanledger.api.session.Usage;
import io.swanledger.api.session.VlanRouteGranted;
import io.swanledger.api.session.VlanRouteRevoked;
import io.swanledger.pool.AddressPool;
import java.time.Instant;
import org.axonframework.modelling.command.Aggregate;
import org.axonframework.modelling.command.Repository;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class VpnSessionTest {

    static final SessionId S = SessionId.of("s1");
    static final Ipv4Address IP = Ipv4Address.parse("10.1.0.37");
    static final Instant T1 = T0.plusSeconds(1);
    static final Instant T2 = T0.plusSeconds(600);

    private AggregateTestFixture<VpnSession> fixture;
    @SuppressWarnings("unchecked")
    private final Repository<AddressPool> pools = mock(Repository.class);
    @SuppressWarnings("unchecked")
    private final Aggregate<AddressPool> pool = mock(Aggregate.class);

    @BeforeEach
    void setUp() {
        fixture = new AggregateTestFixture<>(VpnSession.class);
        // closes go through the closer, which gives the address back to the pool in the same unit of work
        fixture.registerAnnotatedCommandHandler(new SessionCloser(fixture.getRepository(), pools));
        when(pools.load(POOL.value())).thenReturn(pool);
    }

    static SessionAuthorized authorized() {
        return new SessionAuthorized(S, POOL, Identity.parse("alice@123456"), ALICE, AuthMethod.EAP_MSCHAPV2, null, null,
                PEER, NAS, "acct-1", GW, T0);
    }

    static AddressAssigned assigned() {
        return new AddressAssigned(S, POOL, IP, ALICE, GW, T0);
    }

    static VlanRouteGranted granted() {
        return new VlanRouteGranted(S, ALICE, ALICE_AT_LAB, LAB, IP, GW, T0);
    }

    @Test
    void recordsTheTunnelComingUp() {
        fixture.given(authorized(), assigned())
                .when(new EstablishSession(S, "accounting", 0, GW, T1))
                .expectEvents(new SessionEstablished(S, "accounting", 0, GW, T1));
    }

    @Test
    void recordsEstablishmentOnlyOnce() {
        fixture.given(authorized(), assigned(), new SessionEstablished(S, "accounting", 0, GW, T1))
                .when(new EstablishSession(S, "vici", 7, GW, T1.plusMillis(3)))
                .expectSuccessfulHandlerExecution()
                .expectNoEvents();
    }

    @Test
    void recordsAClientThatRoamedToANewEndpointOnce() {
        PeerEndpoint moved = new PeerEndpoint("203.0.113.44", 61000);
        fixture.given(authorized(), assigned(), new SessionEstablished(S, "vici", 7, GW, T1))
                .when(new RecordClientEndpoint(S, moved, "vici", GW, T2))
                .expectEvents(new ClientEndpointChanged(S, ALICE, authorized().peer(), moved,
                        "vici", GW, T2));
        fixture.given(authorized(), assigned(), new ClientEndpointChanged(S, ALICE,
                        authorized().peer(), moved, "vici", GW, T2))
                .when(new RecordClientEndpoint(S, moved, "radius-accounting", GW, T2.plusSeconds(60)))
                .expectSuccessfulHandlerExecution()
                .expectNoEvents();
        fixture.given(authorized(), assigned())
                .when(new RecordClientEndpoint(S, authorized().peer(), "radius-accounting", GW, T1))
                .expectNoEvents();
    }

    @Test
    void recordsARekeyAsTheSameSessionUnderANewIkeSa() {
        fixture.given(authorized(), assigned(), new SessionEstablished(S, "vici", 7, GW, T1))
                .when(new RecordIkeRekey(S, 7, 9, GW, T2))
                .expectEvents(new IkeSaRekeyed(S, ALICE, 7, 9, GW, T2));
    }

    @Test
    void recordsARepeatedRekeyOnlyOnce() {
        fixture.given(authorized(), assigned(), new SessionEstablished(S, "vici", 7, GW, T1), new IkeSaRekeyed(S, ALICE, 7, 9, GW, T2))
                .when(new RecordIkeRekey(S, 7, 9, GW, T2.plusSeconds(1)))
                .expectSuccessfulHandlerExecution()
                .expectNoEvents();
    }

    @Test
    void ignoresARekeyAfterClose() {
        fixture.given(authorized(), assigned(),
                        new SessionClosed(S, ALICE, CloseReason.DISCONNECTED, null, null, POOL, IP, null, true, Usage.ZERO, GW, T2))
                .when(new RecordIkeRekey(S, 7, 9, GW, T2.plusSeconds(1)))
                .expectNoEvents();
    }

    @Test
    void closesWithTheAddressAndRouteSoTheyCanBeReleased() {
        fixture.given(authorized(), assigned(), granted(), new SessionEstablished(S, "vici", 7, GW, T1))
                .when(new CloseSession(S, CloseReason.DISCONNECTED, "User-Request", null, new Usage(10, 20, 1, 2), GW, T2))
                .expectEvents(new SessionClosed(S, ALICE, CloseReason.DISCONNECTED, "User-Request", null, POOL, IP, VLAN,
                        true, new Usage(10, 20, 1, 2), GW, T2));
        verify(pool).execute(any());
    }

    @Test
    void acceptsASecondCloseAndRecordsNothingNew() {
        fixture.given(authorized(), assigned(),
                        new SessionClosed(S, ALICE, CloseReason.DISCONNECTED, null, null, POOL, IP, null, false, Usage.ZERO, GW, T2))
                .when(new CloseSession(S, CloseReason.ADMIN, null, "operator:jdoe", null, GW, T2.plusSeconds(1)))
                .expectSuccessfulHandlerExecution()
                .expectNoEvents();
        verifyNoInteractions(pools);
    }

    @Test
    void ignoresAnEstablishmentAfterClose() {
        fixture.given(authorized(), assigned(),
                        new SessionClosed(S, ALICE, CloseReason.NEVER_ESTABLISHED, null, null, POOL, IP, null, false, Usage.ZERO, GW, T2))
                .when(new EstablishSession(S, "accounting", 0, GW, T2.plusSeconds(1)))
                .expectNoEvents();
    }

    @Test
    void ignoresAnEstablishDeadlineForASessionThatCameUp() {
        fixture.given(authorized(), assigned(), new SessionEstablished(S, "vici", 7, GW, T1))
                .when(new CloseSession(S, CloseReason.NEVER_ESTABLISHED, null, "swanledger", null, GW, T0.plusSeconds(60)))
                .expectSuccessfulHandlerExecution()
                .expectNoEvents();
    }

    @Test
    void neverLetsUsageCountersGoBackwards() {
        fixture.given(authorized(), assigned(), new SessionUsageRecorded(S, new Usage(1000, 2000, 10, 20), GW, T1))
                // after a rekey the NAS reports lower byte counts but more packets
                .when(new RecordUsage(S, new Usage(500, 100, 15, 20), GW, T2))
                .expectEvents(new SessionUsageRecorded(S, new Usage(1000, 2000, 15, 20), GW, T2));
    }

    @Test
    void recordsNothingForUsageThatIsNotNewer() {
        fixture.given(authorized(), assigned(), new SessionUsageRecorded(S, new Usage(1000, 2000, 10, 20), GW, T1))
                .when(new RecordUsage(S, new Usage(1000, 1999, 10, 20), GW, T2))
                .expectNoEvents();
    }

    @Test
    void keepsTheHighestCountersAtClose() {
        fixture.given(authorized(), assigned(), new SessionUsageRecorded(S, new Usage(1000, 2000, 10, 20), GW, T1))
                .when(new CloseSession(S, CloseReason.DISCONNECTED, null, null, new Usage(5, 5, 5, 5), GW, T2))
                .expectEvents(new SessionClosed(S, ALICE, CloseReason.DISCONNECTED, null, null, POOL, IP, null, false,
                        new Usage(1000, 2000, 10, 20), GW, T2));
    }

    @Test
    void revokesAGrantedRoute() {
        fixture.given(authorized(), assigned(), granted())
                .when(new RevokeVlanRoute(S, VlanRouteRevoked.Reason.PAIR_REVOKED, GW, T1))
                .expectEvents(new VlanRouteRevoked(S, ALICE, LAB, IP, VlanRouteRevoked.Reason.PAIR_REVOKED, GW, T1));
    }

    @Test
    void closesWithoutARouteOnceItWasRevoked() {
        fixture.given(authorized(), assigned(), granted(),
                        new VlanRouteRevoked(S, ALICE, LAB, IP, VlanRouteRevoked.Reason.PAIR_REVOKED, GW, T1))
                .when(new CloseSession(S, CloseReason.DISCONNECTED, null, null, null, GW, T2))
                .expectEvents(new SessionClosed(S, ALICE, CloseReason.DISCONNECTED, null, null, POOL, IP, null, false,
                        Usage.ZERO, GW, T2));
    }

    @Test
    void recordsNothingWhenRevokingARouteThatWasNeverGranted() {
        fixture.given(authorized(), assigned())
                .when(new RevokeVlanRoute(S, VlanRouteRevoked.Reason.PAIR_REVOKED, GW, T1))
                .expectNoEvents();
    }
}
