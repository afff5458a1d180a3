package io.swanledger.vici;

import static io.swanledger.vici.ViciEvents.rekey;
import static io.swanledger.vici.ViciEvents.sa;
import static io.swanledger.vici.ViciEvents.updown;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

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
import io.swanledger.api.session.EstablishSession;
import io.swanledger.api.session.RecordClientEndpoint;
import io.swanledger.api.session.RecordIkeRekey;
import io.swanledger.api.session.SessionAuthorized;
import io.swanledger.api.session.SessionEstablished;
import io.swanledger.jvici.ViciMessage;
import io.swanledger.live.LiveSessions;
import io.swanledger.live.LiveSessionsFixture;
import java.time.Instant;
import org.axonframework.commandhandling.CommandExecutionException;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;

class StrongSwanEventsTest {

    static final GatewayId GW = GatewayId.of("vpn1");
    static final SessionId S = SessionId.of("s-alice");
    static final Ipv4Address IP = Ipv4Address.parse("10.1.0.10");
    static final Instant T0 = Instant.parse("2026-11-27T10:00:00Z");
    static final Instant RECEIVED = T0.plusSeconds(2);

    private CommandGateway commands;
    private LiveSessions sessions;
    private StrongSwanEvents events;

    @BeforeEach
    void setUp() {
        commands = mock(CommandGateway.class);
        sessions = new LiveSessions(new JdbcTemplate(io.swanledger.it.Schema.h2()));
        events = new StrongSwanEvents(commands, sessions, GW);
    }

    /** alice's session, authorized with strongSwan's Acct-Session-Id for IKE_SA 3. */
    void aliceAuthorized(SessionId id, String acctSessionId) {
        LiveSessionsFixture.given(sessions,
                new SessionAuthorized(id, PoolId.of("clients"), Identity.parse("alice@123456"), AccountName.of("alice"),
                        AuthMethod.EAP_MSCHAPV2, null, null, new PeerEndpoint("198.18.1.2", 4500),
                        new Nas(Ipv4Address.parse("10.254.0.2"), "vpn-lab"), acctSessionId, GW, T0),
                new AddressAssigned(id, PoolId.of("clients"), IP, AccountName.of("alice"), GW, T0));
    }

    @Test
    void establishesTheSessionWhoseIkeSaCameUpStampedOnReceipt() {
        aliceAuthorized(S, "1795785690-3");
        events.onEvent("ike-updown", updown(true, sa(3, "ESTABLISHED", "alice@123456", "10.1.0.10", 0)), RECEIVED);
        verify(commands).sendAndWait(new EstablishSession(S, "vici", 3, GW, RECEIVED));
    }

    @Test
    void closesAnEstablishedSessionWhenItsIkeSaGoesDown() {
        aliceAuthorized(S, "1795785690-3");
        LiveSessionsFixture.given(sessions, new SessionEstablished(S, "accounting", 0, GW, T0));
        events.onEvent("ike-updown", updown(false, sa(3, "DELETING", "alice@123456", "10.1.0.10", 40)), RECEIVED);
        verify(commands).sendAndWait(new CloseSession(S, CloseReason.DISCONNECTED, "IKE_SA down (DELETING)", null, null,
                GW, RECEIVED));
    }

    @Test
    void closesAsFailedALoginThatEndedWhileConnecting() {
        aliceAuthorized(S, "1795785690-3");
        events.onEvent("ike-updown", updown(false, sa(3, "CONNECTING", "alice@123456", null, -1)), RECEIVED);
        verify(commands).sendAndWait(new CloseSession(S, CloseReason.FAILED, "IKE_SA deleted while connecting", null,
                null, GW, RECEIVED));
    }

    @Test
    void ignoresAnSaWhoseIdentityIsNotTheSessionsAccount() {
        aliceAuthorized(S, "1795785690-3");
        events.onEvent("ike-updown", updown(false, sa(3, "DELETING", "mallory@123456", "10.1.0.10", 40)), RECEIVED);
        verify(commands, never()).sendAndWait(any());
        assertEquals(1, events.unmatched.get());
    }

    @Test
    void usesTheEapIdentityWhenTheIkeIdentityIsAnAddress() {
        aliceAuthorized(S, "1795785690-3");
        events.onEvent("ike-updown", updown(true, sa(3, "ESTABLISHED", "198.18.1.2", "10.1.0.10", 0,
                b -> b.put("remote-eap-id", "alice@123456"))), RECEIVED);
        verify(commands).sendAndWait(new EstablishSession(S, "vici", 3, GW, RECEIVED));
    }

    @Test
    void findsASessionWithoutAStrongSwanAcctSessionIdByAddressAndAccount() {
        aliceAuthorized(S, null);
        events.onEvent("ike-updown", updown(true, sa(9, "ESTABLISHED", "alice@123456", "10.1.0.10", 0)), RECEIVED);
        verify(commands).sendAndWait(new EstablishSession(S, "vici", 9, GW, RECEIVED));
    }

    @Test
    void aLateDownOfAnOlderSaDoesNotCloseTheNextSessionOnTheSameAddress() {
        aliceAuthorized(S, "1795785690-7");
        events.onEvent("ike-updown", updown(false, sa(5, "DELETING", "alice@123456", "10.1.0.10", 400)), RECEIVED);
        verify(commands, never()).sendAndWait(any());
    }

    @Test
    void recordsARekeyAgainstTheSessionOfTheOldSa() {
        aliceAuthorized(S, "1795785690-3");
        events.onEvent("ike-rekey", rekey(sa(3, "REKEYING", "alice@123456", "10.1.0.10", 300),
                sa(4, "ESTABLISHED", "alice@123456", "10.1.0.10", 0)), RECEIVED);
        verify(commands).sendAndWait(new RecordIkeRekey(S, 3, 4, GW, RECEIVED));
    }

    @Test
    void recordsAMobikeRoamAsTheSessionsNewEndpoint() {
        aliceAuthorized(S, "1795785690-3");
        events.onEvent("ike-update", ViciEvents.update("203.0.113.44", 61000,
                sa(3, "ESTABLISHED", "alice@123456", "10.1.0.10", 60)), RECEIVED);
        verify(commands).sendAndWait(new RecordClientEndpoint(S,
                new PeerEndpoint("203.0.113.44", 61000), "vici", GW, RECEIVED));
    }

    @Test
    void keepsListeningWhenAnEventCannotBeRecorded() {
        aliceAuthorized(S, "1795785690-3");
        when(commands.sendAndWait(any())).thenThrow(new CommandExecutionException(
                "store unreachable", null));
        events.onEvent("ike-updown", updown(true, sa(3, "ESTABLISHED", "alice@123456", "10.1.0.10", 0)), RECEIVED);
        assertEquals(1, events.failed.get());
        assertEquals(0, events.malformed.get());
    }

    @Test
    void survivesMalformedEventsAndCountsThem() {
        aliceAuthorized(S, "1795785690-3");
        ViciMessage twoSas = ViciMessage.builder().put("up", "yes")
                .section("a", sa(3, "ESTABLISHED", "alice@123456", "10.1.0.10", 0))
                .section("b", sa(4, "ESTABLISHED", "alice@123456", "10.1.0.10", 0)).build();
        events.onEvent("ike-updown", twoSas, RECEIVED);
        events.onEvent("ike-updown", updown(true, ViciMessage.builder().put("uniqueid", "three").build()), RECEIVED);
        events.onEvent("ike-rekey", ViciMessage.builder().section("rw", c -> c.put("x", "y")).build(), RECEIVED);
        verify(commands, never()).sendAndWait(any());
        assertEquals(3, events.malformed.get());
    }
}
