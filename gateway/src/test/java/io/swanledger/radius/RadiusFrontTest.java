package io.swanledger.radius;

import io.swanledger.it.Scratch;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.swanledger.api.identity.AuthMethod;
import io.swanledger.api.identity.SessionId;
import io.swanledger.api.net.Ipv4Address;
import io.swanledger.api.net.PeerEndpoint;
import io.swanledger.api.session.AddressAssigned;
import io.swanledger.api.session.AuthenticationRejected;
import io.swanledger.api.session.CloseReason;
import io.swanledger.api.session.RecordAuthenticationRejection.Reason;
import io.swanledger.api.session.SessionAuthorized;
import io.swanledger.api.session.SessionClosed;
import io.swanledger.api.session.SessionEstablished;
import io.swanledger.api.session.SessionUsageRecorded;
import io.swanledger.api.session.Usage;
import io.swanledger.api.session.VlanRouteDenied;
import io.swanledger.api.session.VlanRouteGranted;
import io.swanledger.gateway.GatewayApplication;
import io.swanledger.it.Stores;
import io.swanledger.radius.RadiusCounters.Counter;
import io.swanledger.live.LiveSessions;
import io.swanledger.vlan.AccessListExport;
import java.io.ByteArrayOutputStream;
import java.io.StringReader;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import org.axonframework.common.stream.BlockingStream;
import org.axonframework.eventhandling.TrackedEventMessage;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The gateway's RADIUS front against a real FreeRADIUS upstream, driven by eapol_test as the NAS,
 * on a PostgreSQL event store. The first configured upstream swallows every request, so the first
 * test also shows the failover.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class RadiusFrontTest {

    private static final String NAS_SECRET = "nas-secret-0123456789";
    private static final String UPSTREAM_SECRET = "upstream-secret-0123456789";
    private static final AtomicInteger ACCT_IDS = new AtomicInteger(1000);

    private Path dir;
    private TestPki pki;
    private FreeRadius upstream;
    private DatagramSocket blackHole;
    private Stores stores;
    private Stores.Gateway gateway;
    private RadiusFront front;
    private int authPort;

    @BeforeAll
    void start() throws Exception {
        dir = Scratch.directory("swanledger-radius-");
        pki = new TestPki(dir.resolve("pki"));
        upstream = FreeRadius.eap(dir.resolve("raddb"), pki, UPSTREAM_SECRET);
        blackHole = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        stores = Stores.fresh(Stores.Kind.POSTGRESQL);
        gateway = stores.start(GatewayApplication.class, "vpn-test",
                "swanledger.gateway.id=vpn-test",
                "swanledger.pool.network=10.1.0.0/24",
                "swanledger.pool.ranges=10.1.0.10-10.1.0.250",
                "swanledger.radius.auth-port=0",
                "swanledger.radius.acct-port=0",
                "swanledger.radius.clients[0].address=127.0.0.1",
                "swanledger.radius.clients[0].secret=" + NAS_SECRET,
                "swanledger.radius.clients[0].name=vpngw-test",
                "swanledger.radius.upstreams[0].address=127.0.0.1",
                "swanledger.radius.upstreams[0].port=" + blackHole.getLocalPort(),
                "swanledger.radius.upstreams[0].secret=" + UPSTREAM_SECRET,
                "swanledger.radius.upstreams[0].name=silent",
                "swanledger.radius.upstreams[1].address=127.0.0.1",
                "swanledger.radius.upstreams[1].port=" + upstream.port,
                "swanledger.radius.upstreams[1].secret=" + UPSTREAM_SECRET,
                "swanledger.radius.upstreams[1].name=freeradius",
                "swanledger.radius.certificate.subject-attribute=" + FreeRadius.VENDOR + ":1",
                "swanledger.radius.certificate.issuer-attribute=" + FreeRadius.VENDOR + ":2",
                "swanledger.radius.certificate.common-name-attribute=" + FreeRadius.VENDOR + ":3",
                "swanledger.radius.certificate.allowed-issuers[0]=" + TestPki.CAMPUS_ISSUER);
        front = gateway.context().getBean(RadiusFront.class);
        authPort = front.authAddress().getPort();
        gateway.commands().sendAndWait(AccessListExport.parse("test", new StringReader(
                "vlan 123456 lab0 10.2.0.0/24 10.2.0.1 - -\npair alice@123456\n"), "test", Instant.now()));
    }

    @AfterAll
    void stop() {
        if (gateway != null) {
            gateway.close();
        }
        if (stores != null) {
            stores.drop();
        }
        if (upstream != null) {
            upstream.close();
        }
        if (blackHole != null) {
            blackHole.close();
        }
    }

    @Test
    @Order(1)
    void anAcceptArrivesAfterOneTryWhenTheFirstUpstreamIsDead() {
        Eapol.Outcome o = login(Eapol.mschapv2(dir, "bob", "bob-pass"));
        assertTrue(o.success(), o.output());
        // the default try (3 s) outlasts a stock reject_delay; one dead server costs one try, once
        assertTrue(o.millis() < 3000 + 2000, "accept took " + o.millis() + " ms");
        assertEquals(1, front.counters().get(Counter.UPSTREAM_TIMEOUTS));
        assertEquals(1, front.counters().get(Counter.UPSTREAM_FAILOVERS));
    }

    @Test
    @Order(2)
    void acceptsAliceOverEapMschapv2WithAnAddressHerLabRouteAndMatchingMppeKeys() {
        String acct = nextAcctSessionId();
        Eapol.Outcome o = login(Eapol.mschapv2(dir, "alice@123456", "alice-pass"), acct);
        assertTrue(o.success(), o.output());
        assertTrue(o.mppeKeysMatch(), "eapol_test found the MPPE keys wrong:\n" + o.output());
        List<Object> events = sessionEvents(o.sessionClass());
        SessionAuthorized authorized = (SessionAuthorized) events.get(0);
        assertEquals("alice", authorized.account().value());
        assertEquals("alice@123456", authorized.requested().toString());
        assertEquals(AuthMethod.EAP_MSCHAPV2, authorized.authMethod());
        assertEquals(new PeerEndpoint("192.0.2.100", 4500), authorized.peer());
        assertEquals("vpngw-test", authorized.nas().identifier());
        assertEquals(acct, authorized.acctSessionId());
        AddressAssigned assigned = (AddressAssigned) events.get(1);
        assertEquals(Ipv4Address.parse(o.framedIp()), assigned.address());
        VlanRouteGranted route = (VlanRouteGranted) events.get(2);
        assertEquals("123456", route.vlan().number().toString());
    }

    @Test
    @Order(3)
    void acceptsPlainBobWithoutAnyLabRoute() {
        Eapol.Outcome o = login(Eapol.mschapv2(dir, "bob", "bob-pass"));
        assertTrue(o.success(), o.output());
        assertTrue(o.mppeKeysMatch(), o.output());
        List<Object> events = sessionEvents(o.sessionClass());
        assertEquals(List.of(SessionAuthorized.class, AddressAssigned.class), types(events));
        assertEquals(Ipv4Address.parse(o.framedIp()), ((AddressAssigned) events.get(1)).address());
    }

    @Test
    @Order(4)
    void aWrongPasswordIsRejectedAndAuditedWithoutAnAddress() {
        long addresses = count(AddressAssigned.class);
        Eapol.Outcome o = login(Eapol.mschapv2(dir, "alice@123456", "not-alices-password"));
        assertFalse(o.success(), o.output());
        assertNull(o.framedIp());
        AuthenticationRejected r = lastRejection();
        assertEquals(Reason.UPSTREAM_REJECT, r.reason());
        assertEquals("alice", r.account().value());
        assertEquals(new PeerEndpoint("192.0.2.100", 4500), r.peer());
        assertEquals("vpngw-test", r.nas().identifier());
        assertEquals(addresses, count(AddressAssigned.class));
    }

    @Test
    @Order(5)
    void acceptsACampusCertificateOverEapTlsAndRecordsIt() {
        Eapol.Outcome o = login(Eapol.tls(dir, "alice@123456", pki, "alice"));
        assertTrue(o.success(), o.output());
        assertTrue(o.mppeKeysMatch(), o.output());
        List<Object> events = sessionEvents(o.sessionClass());
        SessionAuthorized authorized = (SessionAuthorized) events.get(0);
        assertEquals(Ipv4Address.parse(o.framedIp()), ((AddressAssigned) events.get(1)).address());
        assertEquals(AuthMethod.EAP_TLS, authorized.authMethod());
        assertEquals("alice", authorized.account().value());
        assertEquals("/C=JP/O=Campus University/CN=alice", authorized.certificateSubject());
        assertEquals(TestPki.CAMPUS_ISSUER, authorized.certificateIssuer());
    }

    @Test
    @Order(5)
    void bobsCertificateClaimingAliceIsBobWithoutHerRoute() {
        Eapol.Outcome o = login(Eapol.tls(dir, "alice@123456", pki, "bob"));
        assertTrue(o.success(), o.output());
        List<Object> events = sessionEvents(o.sessionClass());
        assertEquals("bob", ((SessionAuthorized) events.get(0)).account().value(), "the certificate's CN, not the claim");
        assertEquals("alice@123456", ((SessionAuthorized) events.get(0)).requested().toString());
        assertTrue(events.stream().noneMatch(VlanRouteGranted.class::isInstance));
        assertEquals(VlanRouteDenied.Reason.IDENTITY_MISMATCH, events.stream()
                .filter(VlanRouteDenied.class::isInstance)
                .map(e -> ((VlanRouteDenied) e).reason()).findFirst().orElseThrow());
    }

    @Test
    @Order(6)
    void refusesACertificateOfAnotherInstitutionThatTheUpstreamAccepted() {
        long addresses = count(AddressAssigned.class);
        Eapol.Outcome o = login(Eapol.tls(dir, "alice@123456", pki, "mallory"));
        assertFalse(o.success(), o.output());
        assertTrue(upstream.log().contains("Login OK"), "the upstream itself accepted the certificate");
        AuthenticationRejected r = lastRejection();
        assertEquals(Reason.CERTIFICATE_POLICY, r.reason());
        assertEquals(TestPki.OTHER_ISSUER, r.certificateIssuer());
        assertEquals(addresses, count(AddressAssigned.class));
        assertEquals(1, front.counters().get(Counter.CERTIFICATE_POLICY));
    }

    @Test
    @Order(7)
    void accountingEstablishesRecordsUsageAndClosesTheSessionOnce() {
        String acct = nextAcctSessionId();
        Eapol.Outcome o = login(Eapol.mschapv2(dir, "bob", "bob-pass"), acct);
        assertTrue(o.success(), o.output());
        try (NasClient nas = new NasClient("127.0.0.1", front.accountingAddress())) {
            byte[] start = nas.accountingRequest(accounting(1, acct).add(25, o.sessionClass()), NAS_SECRET);
            assertEquals(Wire.ACCOUNTING_RESPONSE, Wire.code(nas.exchange(start)));
            // no Class: found by NAS + Acct-Session-Id
            byte[] interim = nas.accountingRequest(accounting(3, acct).addInt(42, 1000).addInt(43, 2000)
                    .addInt(47, 10).addInt(48, 20), NAS_SECRET);
            assertEquals(Wire.ACCOUNTING_RESPONSE, Wire.code(nas.exchange(interim)));
            byte[] stop = nas.accountingRequest(accounting(2, acct).add(25, o.sessionClass()).addInt(42, 5000)
                    .addInt(43, 6000).addInt(47, 50).addInt(48, 60).addInt(53, 1).addInt(49, 1), NAS_SECRET);
            byte[] first = nas.exchange(stop);
            byte[] again = nas.exchange(stop);
            assertArrayEquals(first, again, "a retransmitted Stop gets the same answer");
        }
        List<Object> events = sessionEvents(o.sessionClass());
        assertEquals(List.of(SessionAuthorized.class, AddressAssigned.class, SessionEstablished.class,
                SessionUsageRecorded.class, SessionClosed.class), types(events));
        assertEquals(new Usage(1000, 2000, 10, 20), ((SessionUsageRecorded) events.get(3)).usage());
        SessionClosed closed = (SessionClosed) events.get(4);
        assertEquals(CloseReason.DISCONNECTED, closed.reason());
        assertEquals("User-Request", closed.detail());
        assertEquals(new Usage(5000, 6000 + (1L << 32), 50, 60), closed.usage());
        assertTrue(live().byId(SessionId.of(o.sessionClass())).isEmpty());
    }

    @Test
    @Order(8)
    void accountingOnClosesWhatTheNasHadBeforeButNotWhatCameAfter() {
        Eapol.Outcome before1 = login(Eapol.mschapv2(dir, "bob", "bob-pass"));
        Eapol.Outcome before2 = login(Eapol.mschapv2(dir, "alice@123456", "alice-pass"));
        assertTrue(before1.success() && before2.success());
        try (NasClient nas = new NasClient("127.0.0.1", front.accountingAddress())) {
            byte[] on = nas.accountingRequest(new NasClient.Attrs().addInt(40, 7).add(32, "vpngw-test")
                    .add(4, new byte[] {(byte) 192, 0, 2, 1}), NAS_SECRET);
            assertEquals(Wire.ACCOUNTING_RESPONSE, Wire.code(nas.exchange(on)));
        }
        Eapol.Outcome after = login(Eapol.mschapv2(dir, "bob", "bob-pass"));
        assertTrue(after.success());
        for (Eapol.Outcome o : List.of(before1, before2)) {
            SessionClosed closed = (SessionClosed) last(sessionEvents(o.sessionClass()));
            assertEquals(CloseReason.NAS_RESTART, closed.reason());
            assertEquals("Accounting-On", closed.detail());
        }
        assertTrue(live().byId(SessionId.of(after.sessionClass())).isPresent());
        assertEquals(List.of(SessionAuthorized.class, AddressAssigned.class), types(sessionEvents(after.sessionClass())));
    }

    @Test
    @Order(9)
    void retransmittedRequestsGetTheFirstAnswerAndNeverASecondSession() throws Exception {
        long retransmissions = front.counters().get(Counter.RETRANSMISSIONS)
                + front.counters().get(Counter.RETRANSMISSIONS_IN_PROGRESS);
        long sessions = count(SessionAuthorized.class);
        String acct = nextAcctSessionId();
        Eapol.Outcome o;
        try (DuplicatingRelay relay = new DuplicatingRelay(front.authAddress())) {
            o = Eapol.run(dir, Eapol.mschapv2(dir, "bob", "bob-pass"), relay.port(), NAS_SECRET, acct);
            Thread.sleep(300); // the last request's second copy leaves 40 ms after the first
        }
        assertTrue(o.success(), o.output());
        assertEquals(sessions + 1, count(SessionAuthorized.class));
        long repeats = front.counters().get(Counter.RETRANSMISSIONS)
                + front.counters().get(Counter.RETRANSMISSIONS_IN_PROGRESS) - retransmissions;
        assertEquals(3, repeats, "each of the three rounds was sent twice");

        try (NasClient nas = new NasClient("127.0.0.1", front.authAddress())) {
            byte[] request = nas.accessRequest(NasClient.strongSwanFirstRound("bob", nextAcctSessionId()), NAS_SECRET);
            byte[] first = nas.exchange(request);
            assertEquals(Wire.ACCESS_CHALLENGE, Wire.code(first));
            assertArrayEquals(first, nas.exchange(request));
        }
    }

    @Test
    @Order(10)
    void dropsAndCountsPacketsThatAreNotAuthenticOrNotWellFormed() {
        long stored = gateway.storedEvents();
        RadiusCounters c = front.counters();
        try (NasClient nas = new NasClient("127.0.0.1", front.authAddress());
             NasClient stranger = new NasClient("127.0.0.2", front.authAddress())) {
            NasClient.Attrs attrs = NasClient.strongSwanFirstRound("alice@123456", nextAcctSessionId());

            byte[] noMac = NasClient.packet(1, 1, new byte[16], attrs.bytes());
            assertNull(nas.exchange(noMac));
            assertEquals(1, c.get(Counter.MISSING_MESSAGE_AUTHENTICATOR));

            assertNull(nas.exchange(nas.accessRequest(attrs, "the-wrong-secret")));
            byte[] tampered = nas.accessRequest(attrs, NAS_SECRET);
            tampered[30] ^= 1;
            assertNull(nas.exchange(tampered));
            assertEquals(2, c.get(Counter.BAD_MESSAGE_AUTHENTICATOR));

            assertNull(stranger.exchange(stranger.accessRequest(attrs, NAS_SECRET)));
            assertEquals(1, c.get(Counter.UNKNOWN_CLIENT));

            byte[] valid = nas.accessRequest(attrs, NAS_SECRET);
            List<byte[]> broken = new ArrayList<>();
            broken.add(new byte[0]);
            broken.add(Arrays.copyOf(valid, 10));                  // shorter than a header
            broken.add(Arrays.copyOf(valid, valid.length - 5));    // shorter than declared
            broken.add(new byte[5000]);                                      // over 4096 octets
            broken.add(withAttribute(valid, new byte[] {1, 0}));             // length 0
            broken.add(withAttribute(valid, new byte[] {1, 1}));             // length 1
            broken.add(withAttribute(valid, new byte[] {1, (byte) 200, 'x'})); // runs past the end
            byte[] lying = valid.clone();
            lying[2] = 0x7f;                                                 // declared 32 k
            broken.add(lying);
            for (byte[] b : broken) {
                assertNull(nas.exchange(b));
            }
            assertEquals(broken.size(), c.get(Counter.MALFORMED));

            byte[] pap = nas.accessRequest(new NasClient.Attrs().add(1, "bob").add(2, new byte[16]), NAS_SECRET);
            assertNull(nas.exchange(pap));
            assertEquals(1, c.get(Counter.NOT_EAP));
        }
        assertEquals(stored, gateway.storedEvents(), "nothing was recorded for packets that were dropped");
        assertTrue(login(Eapol.mschapv2(dir, "bob", "bob-pass")).success(), "the gateway still works");
    }

    @Test
    @Order(11)
    void refusesAThousandNamesThatAreNotUtf8WithoutAnyAllocation() {
        long addresses = count(AddressAssigned.class);
        long rejectionsBefore = count(AuthenticationRejected.class);
        List<byte[]> names = invalidUtf8Names(1000);
        try (NasClient nas = new NasClient("127.0.0.1", front.authAddress())) {
            for (byte[] name : names) {
                byte[] reply = nas.exchange(nas.accessRequest(NasClient.strongSwanFirstRound(name, nextAcctSessionId()),
                        NAS_SECRET));
                assertNotNull(reply, "no answer for " + HexFormat.of().formatHex(name));
                assertEquals(Wire.ACCESS_REJECT, Wire.code(reply));
            }
        }
        assertEquals(1000, front.counters().get(Counter.INVALID_IDENTITY));
        assertEquals(rejectionsBefore + 1000, count(AuthenticationRejected.class));
        assertEquals(addresses, count(AddressAssigned.class));
        for (Object e : payloads()) {
            if (e instanceof AuthenticationRejected r && r.reason() == Reason.INVALID_IDENTITY) {
                assertNull(r.account());
                assertTrue(r.sentName().chars().allMatch(ch -> ch >= 0x20 && ch < 0x7f), r.sentName());
                assertEquals("identity: is not valid UTF-8", r.detail());
            }
        }
        assertTrue(login(Eapol.mschapv2(dir, "alice@123456", "alice-pass")).success(), "the gateway still works");
    }

    // --- helpers ---

    private Eapol.Outcome login(Path config) {
        return login(config, nextAcctSessionId());
    }

    private Eapol.Outcome login(Path config, String acct) {
        return Eapol.run(dir, config, authPort, NAS_SECRET, acct);
    }

    private static String nextAcctSessionId() {
        return "1795785690-" + ACCT_IDS.incrementAndGet();
    }

    private static NasClient.Attrs accounting(int status, String acct) {
        return new NasClient.Attrs().addInt(40, status).add(44, acct).add(1, "bob").add(32, "vpngw-test")
                .addInt(5, 1).add(31, "192.0.2.100[4500]");
    }

    private static byte[] withAttribute(byte[] packet, byte[] attribute) {
        byte[] p = Arrays.copyOf(packet, packet.length + attribute.length);
        System.arraycopy(attribute, 0, p, packet.length, attribute.length);
        p[2] = (byte) (p.length >>> 8);
        p[3] = (byte) p.length;
        return p;
    }

    /** Names with bytes no UTF-8 decoder reads (stray continuation bytes, overlong forms, surrogates): seeded. */
    static List<byte[]> invalidUtf8Names(int n) {
        byte[][] bad = {{(byte) 0x80}, {(byte) 0xc0, (byte) 0xaf}, {(byte) 0xed, (byte) 0xa0, (byte) 0x80}, {(byte) 0xff},
                {(byte) 0xe2, (byte) 0x82}, {(byte) 0xf8, (byte) 0x88, (byte) 0x80, (byte) 0x80, (byte) 0x80}};
        Random random = new Random(20261127);
        List<byte[]> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            ByteArrayOutputStream s = new ByteArrayOutputStream();
            s.writeBytes(("user" + random.nextInt(100)).getBytes(StandardCharsets.US_ASCII));
            s.writeBytes(bad[random.nextInt(bad.length)]);
            if (random.nextBoolean()) {
                s.writeBytes("@123456".getBytes(StandardCharsets.US_ASCII));
            }
            out.add(s.toByteArray());
        }
        return out;
    }

    private LiveSessions live() {
        return gateway.context().getBean(LiveSessions.class);
    }

    private List<Object> sessionEvents(String sessionId) {
        assertNotNull(sessionId, "the Access-Accept carried no Class");
        List<Object> out = new ArrayList<>();
        gateway.eventStore().readEvents(sessionId).asStream().forEach(m -> out.add(m.getPayload()));
        return out;
    }

    private List<Object> payloads() {
        List<Object> out = new ArrayList<>();
        try (BlockingStream<TrackedEventMessage<?>> s = gateway.eventStore().openStream(null)) {
            while (s.hasNextAvailable()) {
                out.add(s.nextAvailable().getPayload());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return out;
    }

    private long count(Class<?> type) {
        return payloads().stream().filter(type::isInstance).count();
    }

    private AuthenticationRejected lastRejection() {
        return (AuthenticationRejected) last(payloads().stream().filter(AuthenticationRejected.class::isInstance).toList());
    }

    private static Object last(List<?> list) {
        assertFalse(list.isEmpty());
        return list.get(list.size() - 1);
    }

    private static List<Class<?>> types(List<Object> events) {
        return events.stream().<Class<?>>map(Object::getClass).toList();
    }
}
