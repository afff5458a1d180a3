package io.swanledger.vici;

import static io.swanledger.vici.ViciEvents.ikeSa;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.swanledger.api.identity.AccountName;
import io.swanledger.api.identity.SessionId;
import io.swanledger.api.net.Ipv4Address;
import io.swanledger.jvici.IkeSa;
import io.swanledger.live.LiveSessions.Tunnel;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class ReconcilerTest {

    static final Instant NOW = Instant.parse("2026-11-27T10:00:00Z");
    static final Duration GRACE = Duration.ofSeconds(30);

    static Tunnel session(String id, String account, String address, long ikeId, Instant authorizedAt) {
        return new Tunnel(SessionId.of(id), AccountName.of(account), Ipv4Address.parse(address), ikeId, ikeId > 0,
                authorizedAt, "vpn1");
    }

    @Test
    void closesASessionWhoseIkeSaIsGone() {
        Tunnel gone = session("s1", "alice", "10.1.0.10", 3, NOW.minusSeconds(600));
        Tunnel live = session("s2", "carol", "10.1.0.11", 4, NOW.minusSeconds(600));
        Reconciler.Plan plan = Reconciler.compare(List.of(ikeSa(4, "ESTABLISHED", "carol@123456", "10.1.0.11", 600)),
                List.of(gone, live), NOW, GRACE);
        assertEquals(List.of(gone), plan.gone());
        assertEquals(List.of(), plan.unknown());
    }

    @Test
    void aReusedIkeIdOfAnotherAccountDoesNotKeepASessionOpen() {
        // charon restarted and counts from 1 again: carol's new SA 3 is not alice's old one
        Tunnel stale = session("s1", "alice", "10.1.0.10", 3, NOW.minusSeconds(600));
        IkeSa carols = ikeSa(3, "ESTABLISHED", "carol@123456", "10.1.0.11", 600);
        Reconciler.Plan plan = Reconciler.compare(List.of(carols), List.of(stale), NOW, GRACE);
        assertEquals(List.of(stale), plan.gone());
        assertEquals(List.of(carols), plan.unknown());
    }

    @Test
    void leavesASessionYoungerThanTheGracePeriodAlone() {
        Tunnel young = session("s1", "alice", "10.1.0.10", 3, NOW.minusSeconds(5));
        assertEquals(List.of(), Reconciler.compare(List.of(), List.of(young), NOW, GRACE).gone());
    }

    @Test
    void matchesASessionWithoutAnIkeIdByAddressAndAccount() {
        Tunnel noId = session("s1", "alice", "10.1.0.10", 0, NOW.minusSeconds(600));
        Reconciler.Plan plan = Reconciler.compare(List.of(ikeSa(8, "ESTABLISHED", "alice@123456", "10.1.0.10", 600)),
                List.of(noId), NOW, GRACE);
        assertEquals(List.of(), plan.gone());
        assertEquals(List.of(), plan.unknown());
    }

    @Test
    void adoptsAnEstablishedSaNoSessionKnows() {
        IkeSa stranger = ikeSa(8, "ESTABLISHED", "alice@123456", "10.1.0.10", 600);
        assertEquals(List.of(stranger), Reconciler.compare(List.of(stranger), List.of(), NOW, GRACE).unknown());
    }

    @Test
    void doesNotAdoptAnSaThatIsConnectingYoungOrWithoutAnIpv4Address() {
        List<IkeSa> sas = List.of(
                ikeSa(1, "CONNECTING", "alice@123456", null, -1),
                ikeSa(2, "ESTABLISHED", "bob@123456", "10.1.0.12", 3),
                ikeSa(4, "ESTABLISHED", "dave@123456", "2001:db8::1", 600));
        assertEquals(List.of(), Reconciler.compare(sas, List.of(), NOW, GRACE).unknown());
    }

    @Test
    void adoptsAnSaWhoseIdentityIsACertificateNameUnderThatName() {
        // any identity charon authenticated is a name the history can keep (it holds an address)
        IkeSa carol = ikeSa(3, "ESTABLISHED", "C=JP, O=Campus, CN=carol", "10.1.0.13", 600);
        assertEquals(List.of(carol), Reconciler.compare(List.of(carol), List.of(), NOW, GRACE).unknown());
    }
}
