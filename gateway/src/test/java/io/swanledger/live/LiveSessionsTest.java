package io.swanledger.live;

import static org.junit.jupiter.api.Assertions.assertEquals;
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
import io.swanledger.api.session.AddressAssigned;
import io.swanledger.api.session.ClientEndpointChanged;
import io.swanledger.api.session.CloseReason;
import io.swanledger.api.session.SessionAuthorized;
import io.swanledger.api.session.SessionClosed;
import io.swanledger.api.session.Usage;
import io.swanledger.it.Schema;
import java.time.Instant;
import java.util.Optional;
import org.axonframework.messaging.unitofwork.DefaultUnitOfWork;
import org.axonframework.messaging.unitofwork.UnitOfWork;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;

class LiveSessionsTest {

    private static final GatewayId GW = GatewayId.of("vpn1");
    private static final Ipv4Address IP = Ipv4Address.parse("10.1.0.10");
    private static final Instant T0 = Instant.parse("2026-11-27T10:00:00Z");
    private static final AccountName ALICE = AccountName.of("alice");

    private final JdbcTemplate jdbc = new JdbcTemplate(Schema.h2());
    private final LiveSessions sessions = new LiveSessions(jdbc);

    @Test
    void findsASessionItAuthorizedInMemoryOnceCommittedWithItsAddress() {
        SessionId id = authorizeIn(DefaultUnitOfWork.startAndGet(null), true);
        jdbc.update("delete from swanledger_live_session"); // only memory can answer now

        LiveSessions.Entry entry = sessions.byId(id).orElseThrow();
        assertEquals(IP, entry.address());
        assertEquals(Ipv4Address.parse("10.254.0.2"), entry.nasAddress());
        assertEquals("198.18.1.2[4500]", entry.peer());
    }

    @Test
    void keepsNothingOfAnAuthorizationThatRolledBack() {
        SessionId id = authorizeIn(DefaultUnitOfWork.startAndGet(null), false);
        assertEquals(Optional.empty(), sessions.byId(id));
    }

    @Test
    void forgetsASessionOnceItClosesOrMoves() {
        SessionId closed = authorizeIn(DefaultUnitOfWork.startAndGet(null), true);
        inUnitOfWork(() -> sessions.on(new SessionClosed(closed, ALICE, CloseReason.DISCONNECTED, null, null,
                PoolId.of("clients"), IP, null, true, Usage.ZERO, GW, T0.plusSeconds(60))));
        assertEquals(Optional.empty(), sessions.byId(closed));

        SessionId moved = authorizeIn(DefaultUnitOfWork.startAndGet(null), true);
        inUnitOfWork(() -> sessions.on(new ClientEndpointChanged(moved, ALICE, new PeerEndpoint("198.18.1.2", 4500),
                new PeerEndpoint("198.18.7.7", 4500), "vici", GW, T0.plusSeconds(5))));
        assertEquals("198.18.7.7[4500]", sessions.byId(moved).orElseThrow().peer(), "read from the table again");
    }

    @Test
    void keepsNothingOfASessionAuthorizedAndClosedInOneGroup() {
        UnitOfWork<?> uow = DefaultUnitOfWork.startAndGet(null);
        SessionId id = SessionId.of("s-" + System.nanoTime());
        sessions.on(authorized(id));
        sessions.on(new AddressAssigned(id, PoolId.of("clients"), IP, ALICE, GW, T0));
        sessions.on(new SessionClosed(id, ALICE, CloseReason.NEVER_ESTABLISHED, null, null, PoolId.of("clients"), IP,
                null, false, Usage.ZERO, GW, T0));
        uow.commit();
        assertEquals(Optional.empty(), sessions.byId(id));
    }

    private SessionId authorizeIn(UnitOfWork<?> uow, boolean commit) {
        SessionId id = SessionId.of("s-" + System.nanoTime());
        sessions.on(authorized(id));
        sessions.on(new AddressAssigned(id, PoolId.of("clients"), IP, ALICE, GW, T0));
        if (commit) {
            uow.commit();
            assertTrue(jdbc.queryForObject("select count(*) from swanledger_live_session where session_id = ?", Long.class,
                    id.value()) == 1, "the row is written too");
        } else {
            uow.rollback();
        }
        return id;
    }

    private static SessionAuthorized authorized(SessionId id) {
        return new SessionAuthorized(id, PoolId.of("clients"), Identity.parse("alice@123456"), ALICE,
                AuthMethod.EAP_MSCHAPV2, null, null, new PeerEndpoint("198.18.1.2", 4500),
                new Nas(Ipv4Address.parse("10.254.0.2"), "vpn-lab"), "1-7", GW, T0, null);
    }

    private static void inUnitOfWork(Runnable work) {
        UnitOfWork<?> uow = DefaultUnitOfWork.startAndGet(null);
        work.run();
        uow.commit();
    }
}
