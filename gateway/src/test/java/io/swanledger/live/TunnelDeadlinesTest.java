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
import io.swanledger.api.session.CloseReason;
import io.swanledger.api.session.CloseSession;
import io.swanledger.api.session.SessionAuthorized;
import io.swanledger.api.session.SessionClosed;
import io.swanledger.api.session.SessionEstablished;
import io.swanledger.api.session.Usage;
import io.swanledger.it.Schema;
import io.swanledger.it.SentCommands;
import io.swanledger.session.EstablishDeadlines;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.messaging.unitofwork.DefaultUnitOfWork;
import org.axonframework.messaging.unitofwork.UnitOfWork;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;

/** The establish deadline read from the live-session directory: due, cancelled by establishment, other gateways' after a grace. */
class TunnelDeadlinesTest {

    private static final GatewayId GW = GatewayId.of("vpn1");
    private static final Instant T0 = Instant.parse("2026-11-27T10:00:00Z");
    private static final AccountName ALICE = AccountName.of("alice");
    private static final Ipv4Address IP = Ipv4Address.parse("10.1.0.10");

    private final JdbcTemplate jdbc = new JdbcTemplate(Schema.h2());
    private final LiveSessions sessions = new LiveSessions(jdbc);
    private final TunnelDeadlines pending = new TunnelDeadlines(jdbc, Duration.ofSeconds(60));
    private final EstablishDeadlines deadlines = new EstablishDeadlines(pending, GW, Duration.ofMinutes(1));
    private final List<Object> sent = new ArrayList<>();

    @Test
    void closesASessionThatNeverCameUpAtItsDeadlineDatedAtTheDeadline() {
        SessionId id = authorized(GW, T0);
        assertEquals(0, deadlines.sweep(recorder(), T0.plusSeconds(59)), "not yet due");
        assertEquals(1, deadlines.sweep(recorder(), T0.plusSeconds(61)));
        CloseSession close = (CloseSession) sent.get(0);
        assertEquals(id, close.sessionId());
        assertEquals(CloseReason.NEVER_ESTABLISHED, close.reason());
        assertEquals(GW, close.gateway());
        assertEquals(T0.plusSeconds(60), close.at());

        inUnitOfWork(() -> sessions.on(new SessionClosed(id, ALICE, CloseReason.NEVER_ESTABLISHED, null, null,
                PoolId.of("clients"), IP, null, false, Usage.ZERO, GW, T0.plusSeconds(60))));
        assertEquals(0, deadlines.pending(), "the close's own event took it out of the directory");
        assertEquals(0, deadlines.sweep(recorder(), T0.plusSeconds(600)));
        assertEquals(1, sent.size());
    }

    @Test
    void forgetsTheDeadlineOfASessionThatCameUp() {
        SessionId id = authorized(GW, T0);
        SessionId other = authorized(GW, T0.plusSeconds(1));
        assertEquals(2, deadlines.pending());
        inUnitOfWork(() -> sessions.on(new SessionEstablished(id, "accounting", 0, GW, T0.plusSeconds(2))));
        assertEquals(1, deadlines.pending());
        assertEquals(1, deadlines.sweep(recorder(), T0.plusSeconds(600)));
        assertEquals(other, ((CloseSession) sent.get(0)).sessionId());
    }

    @Test
    void leavesAnotherGatewaysSessionToItUntilAGracePeriodHasPassed() {
        SessionId id = authorized(GatewayId.of("vpn2"), T0);
        assertEquals(0, deadlines.sweep(recorder(), T0.plusSeconds(61)), "vpn2 closes its own");
        assertEquals(1, deadlines.sweep(recorder(), T0.plusSeconds(121)), "vpn2 seems gone: vpn1 closes it");
        CloseSession close = (CloseSession) sent.get(0);
        assertEquals(id, close.sessionId());
        assertEquals(GatewayId.of("vpn2"), close.gateway(), "closed as the session of the gateway that authorized it");
        assertEquals(T0.plusSeconds(60), close.at());
    }

    @Test
    void sweepsEveryGatewaysSessionsWhereNoGatewayIsNamed() {
        SessionId id = authorized(GatewayId.of("vpn2"), T0);
        EstablishDeadlines anyGateway = new EstablishDeadlines(pending, null, Duration.ofMinutes(1));
        assertEquals(0, anyGateway.sweep(recorder(), T0.plusSeconds(59)));
        assertEquals(1, anyGateway.sweep(recorder(), T0.plusSeconds(60)));
        assertTrue(sent.stream().allMatch(c -> ((CloseSession) c).sessionId().equals(id)));
    }

    private SessionId authorized(GatewayId gateway, Instant at) {
        SessionId id = SessionId.of("s-" + System.nanoTime());
        inUnitOfWork(() -> {
            sessions.on(new SessionAuthorized(id, PoolId.of("clients"), Identity.parse("alice@123456"), ALICE,
                    AuthMethod.EAP_MSCHAPV2, null, null, new PeerEndpoint("198.18.1.2", 4500),
                    new Nas(Ipv4Address.parse("10.254.0.2"), "vpn-lab"), "1-7", gateway, at, null));
            sessions.on(new AddressAssigned(id, PoolId.of("clients"), IP, ALICE, gateway, at));
        });
        return id;
    }

    private CommandGateway recorder() {
        return SentCommands.recordedIn(sent);
    }

    private static void inUnitOfWork(Runnable work) {
        UnitOfWork<?> uow = DefaultUnitOfWork.startAndGet(null);
        work.run();
        uow.commit();
    }
}
