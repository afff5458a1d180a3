package io.swanledger.session;

import static io.swanledger.Fixtures.ALICE;
import static io.swanledger.Fixtures.ALICE_AT_LAB;
import static io.swanledger.Fixtures.GW;
import static io.swanledger.Fixtures.LAB;
import static io.swanledger.Fixtures.POOL;
import static io.swanledger.Fixtures.T0;
import static io.swanledger.Fixtures.VLAN;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.verifyNoInteractions;

import io.swanledger.api.identity.SessionId;
import io.swanledger.api.session.CloseReason;
import io.swanledger.api.session.RevokeVlanRoute;
import io.swanledger.api.session.SessionClosed;
import io.swanledger.api.session.Usage;
import io.swanledger.api.session.VlanRouteRevoked;
import io.swanledger.api.vlan.AccessPair;
import io.swanledger.api.vlan.AccessPairRevoked;
import io.swanledger.api.vlan.ImportAccessList;
import io.swanledger.api.vlan.LabVlanUnregistered;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.SimpleDriverDataSource;

/** The sessions with a lab-VLAN route, kept in a table (an H2 database in memory with the real migration). */
class RouteRevocationsTest {

    static final String S = "s1";
    static final String LIST = ImportAccessList.CAMPUS;

    private RouteRevocations routes;
    private final CommandGateway commands = mock(CommandGateway.class);

    @BeforeEach
    void setUp() throws IOException {
        JdbcTemplate jdbc = new JdbcTemplate(new SimpleDriverDataSource(new org.h2.Driver(),
                "jdbc:h2:mem:routes-" + System.nanoTime() + ";DB_CLOSE_DELAY=-1", "sa", ""));
        try (var in = getClass().getResourceAsStream("/db/migration/V3__session_routes_without_sagas.sql")) {
            String sql = new String(in.readAllBytes(), StandardCharsets.UTF_8).replaceAll("(?m)^--.*$", "");
            for (String statement : sql.split(";")) {
                if (!statement.isBlank()) {
                    jdbc.execute(statement);
                }
            }
        }
        routes = new RouteRevocations(jdbc);
    }

    static SessionClosed closed(SessionId id, boolean routed) {
        return new SessionClosed(id, ALICE, CloseReason.DISCONNECTED, null, null, POOL, VpnSessionTest.IP,
                routed ? VLAN : null, true, Usage.ZERO, GW, T0.plusSeconds(300));
    }

    @Test
    void revokesTheRouteOfALiveSessionWhenItsPairLeavesTheList() {
        routes.on(VpnSessionTest.granted());
        routes.on(new AccessPairRevoked(LIST, ALICE_AT_LAB, "export", T0.plusSeconds(5)), commands);
        verify(commands).sendAndWait(new RevokeVlanRoute(SessionId.of(S), VlanRouteRevoked.Reason.PAIR_REVOKED, GW,
                T0.plusSeconds(5)));
    }

    @Test
    void leavesSessionsOfOtherPairsAlone() {
        routes.on(VpnSessionTest.granted());
        routes.on(new AccessPairRevoked(LIST, AccessPair.parse("bob@123456"), "export", T0.plusSeconds(5)), commands);
        verifyNoInteractions(commands);
    }

    @Test
    void revokesTheRouteWhenItsVlanIsUnregistered() {
        routes.on(VpnSessionTest.granted());
        routes.on(new LabVlanUnregistered(LIST, LAB, "export", T0.plusSeconds(5)), commands);
        verify(commands).sendAndWait(new RevokeVlanRoute(SessionId.of(S), VlanRouteRevoked.Reason.VLAN_UNREGISTERED, GW,
                T0.plusSeconds(5)));
    }

    @Test
    void forgetsTheRouteOnceItIsRevoked() {
        routes.on(VpnSessionTest.granted());
        routes.on(new VlanRouteRevoked(SessionId.of(S), ALICE, LAB, VpnSessionTest.IP, VlanRouteRevoked.Reason.VLAN_CHANGED, GW, T0));
        routes.on(new AccessPairRevoked(LIST, ALICE_AT_LAB, "export", T0.plusSeconds(5)), commands);
        verifyNoInteractions(commands);
        assertEquals(0, routes.routed());
    }

    @Test
    void forgetsTheRouteWhenItsSessionCloses() {
        routes.on(VpnSessionTest.granted());
        assertEquals(1, routes.routed());
        routes.on(closed(SessionId.of(S), true));
        assertEquals(0, routes.routed());
        routes.on(new LabVlanUnregistered(LIST, LAB, "export", T0.plusSeconds(5)), commands);
        verifyNoInteractions(commands);
    }
}
