package io.swanledger.session;

import static io.swanledger.Fixtures.GW;
import static io.swanledger.Fixtures.T0;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.swanledger.api.identity.GatewayId;
import io.swanledger.api.identity.SessionId;
import io.swanledger.api.session.CloseReason;
import io.swanledger.api.session.CloseSession;
import io.swanledger.api.session.SessionAuthorized;
import io.swanledger.api.session.SessionEstablished;
import io.swanledger.it.SentCommands;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;

/** The establish deadline as rows in a database: due, cancelled by establishment, other gateways' after a grace. */
class EstablishDeadlinesTest {

    private final List<Object> sent = new ArrayList<>();
    private DeadlineTable table;
    private EstablishDeadlines deadlines;
    private EstablishDeadlines otherGateway;

    @BeforeEach
    void setUp() {
        table = new DeadlineTable(new JdbcTemplate(io.swanledger.it.Schema.h2()), SessionPolicy.DEFAULT);
        deadlines = new EstablishDeadlines(table, GW, Duration.ofMinutes(1));
        otherGateway = new EstablishDeadlines(table, GatewayId.of("vpn2"), Duration.ofMinutes(1));
    }

    private CommandGateway recorder() {
        return SentCommands.recordedIn(sent);
    }

    @Test
    void closesASessionThatNeverCameUpAtItsDeadlineDatedAtTheDeadline() {
        SessionAuthorized a = VpnSessionTest.authorized();
        table.on(a);
        assertEquals(0, deadlines.sweep(recorder(), T0.plusSeconds(59)), "not yet due");
        assertEquals(1, deadlines.sweep(recorder(), T0.plusSeconds(61)));
        assertEquals(List.of(new CloseSession(a.sessionId(), CloseReason.NEVER_ESTABLISHED,
                "no tunnel came up before the deadline", EstablishDeadlines.SYSTEM, null, GW, T0.plusSeconds(60))), sent);
        assertEquals(0, deadlines.pending(), "closed once, not again at the next sweep");
    }

    @Test
    void forgetsTheDeadlineOfASessionThatCameUp() {
        SessionAuthorized a = VpnSessionTest.authorized();
        table.on(a);
        table.on(new SessionEstablished(a.sessionId(), "accounting", 0, GW, T0.plusSeconds(2)));
        assertEquals(0, deadlines.sweep(recorder(), T0.plusSeconds(600)));
        assertTrue(sent.isEmpty());
    }

    @Test
    void leavesAnotherGatewaysSessionToItUntilAGracePeriodHasPassed() {
        table.on(VpnSessionTest.authorized());
        assertEquals(0, otherGateway.sweep(recorder(), T0.plusSeconds(61)), "vpn1 closes its own");
        assertEquals(1, otherGateway.sweep(recorder(), T0.plusSeconds(121)), "vpn1 seems gone: vpn2 closes it");
        assertEquals(SessionId.of(VpnSessionTest.authorized().sessionId().value()), ((CloseSession) sent.get(0)).sessionId());
    }
}
