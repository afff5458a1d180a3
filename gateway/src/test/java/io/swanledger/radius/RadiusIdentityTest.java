package io.swanledger.radius;

import io.swanledger.it.Scratch;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.swanledger.api.identity.AuthMethod;
import io.swanledger.api.session.AddressAssigned;
import io.swanledger.api.session.AuthenticationRejected;
import io.swanledger.api.session.RecordAuthenticationRejection.Reason;
import io.swanledger.api.session.SessionAuthorized;
import io.swanledger.api.session.VlanRouteDenied;
import io.swanledger.api.session.VlanRouteGranted;
import io.swanledger.gateway.GatewayApplication;
import io.swanledger.it.Stores;
import io.swanledger.vlan.AccessListExport;
import java.io.StringReader;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.axonframework.common.stream.BlockingStream;
import org.axonframework.eventhandling.TrackedEventMessage;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Identities as a campus AAA server accepts them, against a stock FreeRADIUS (reject_delay 1 s) and a
 * gateway configured without a certificate common-name attribute: every accepted name is accepted
 * and recorded as sent, only an exact listed pair routes, and an EAP-TLS client's claimed name never
 * does.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RadiusIdentityTest {

    private static final String NAS_SECRET = "nas-secret-identity-0123";
    private static final String UPSTREAM_SECRET = "upstream-secret-identity-0123";
    private static final AtomicInteger ACCT_IDS = new AtomicInteger(5000);
    /** Names as the users file of the AAA server has them; all with the password "pw". */
    private static final List<String> NAMES = List.of("CAMPUS\\jdoe", "jdoe@realm", "jdoe@realm@123456", "zoë.müller",
            "zoë.müller@123456", "jean pierre", "o'brien", "d\"quote", "alice@0123456");

    private Path dir;
    private TestPki pki;
    private FreeRadius upstream;
    private Stores stores;
    private Stores.Gateway gateway;
    private int authPort;

    @BeforeAll
    void start() throws Exception {
        dir = Scratch.directory("swanledger-identity-");
        pki = new TestPki(dir.resolve("pki"));
        StringBuilder users = new StringBuilder();
        for (String name : NAMES) {
            // the users file takes single-quoted names literally; double quotes escape a '"'
            users.append(name.contains("\\") ? "'" + name + "'" : '"' + name.replace("\"", "\\\"") + '"')
                    .append("\tCleartext-Password := \"pw\"\n");
        }
        upstream = FreeRadius.eap(dir.resolve("raddb"), pki, UPSTREAM_SECRET, users.toString());
        stores = Stores.fresh(Stores.Kind.H2);
        gateway = stores.start(GatewayApplication.class, "vpn-identity",
                "swanledger.gateway.id=vpn-identity",
                "swanledger.pool.network=10.1.0.0/24",
                "swanledger.pool.ranges=10.1.0.10-10.1.0.250",
                "swanledger.radius.auth-port=0",
                "swanledger.radius.acct-port=0",
                "swanledger.radius.clients[0].address=127.0.0.1",
                "swanledger.radius.clients[0].secret=" + NAS_SECRET,
                "swanledger.radius.clients[0].name=vpngw-test",
                "swanledger.radius.upstreams[0].address=127.0.0.1",
                "swanledger.radius.upstreams[0].port=" + upstream.port,
                "swanledger.radius.upstreams[0].secret=" + UPSTREAM_SECRET,
                // subject and issuer, but no common name: the upstream names nobody for EAP-TLS
                "swanledger.radius.certificate.subject-attribute=" + FreeRadius.VENDOR + ":1",
                "swanledger.radius.certificate.issuer-attribute=" + FreeRadius.VENDOR + ":2");
        authPort = gateway.context().getBean(RadiusFront.class).authAddress().getPort();
        gateway.commands().sendAndWait(AccessListExport.parse("test", new StringReader(
                "vlan 123456 lab0 10.2.0.0/24 10.2.0.1 - -\npair alice@123456\npair zoë.müller@123456\n"), "test", Instant.now()));
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
    }

    @ParameterizedTest
    @ValueSource(strings = {"CAMPUS\\jdoe", "jdoe@realm", "jdoe@realm@123456", "zoë.müller", "jean pierre", "o'brien",
            "d\"quote", "alice@0123456"})
    void acceptsAndRecordsAsSentEveryNameTheUpstreamAcceptedWithoutARoute(String name) {
        Eapol.Outcome o = login(Eapol.mschapv2(dir, name, "pw"));
        assertTrue(o.success(), name + "\n" + o.output());
        assertNotNull(o.framedIp());
        List<Object> events = sessionEvents(o.sessionClass());
        SessionAuthorized authorized = (SessionAuthorized) events.get(0);
        assertEquals(name, authorized.requested().toString(), "recorded byte for byte");
        assertTrue(events.stream().noneMatch(VlanRouteGranted.class::isInstance), "no lab route for " + name);
    }

    @Test
    void routesAUtf8AccountWhoseExactPairIsListed() {
        Eapol.Outcome o = login(Eapol.mschapv2(dir, "zoë.müller@123456", "pw"));
        assertTrue(o.success(), o.output());
        List<Object> events = sessionEvents(o.sessionClass());
        assertEquals("zoë.müller", ((SessionAuthorized) events.get(0)).account().value());
        assertEquals(123456, ((VlanRouteGranted) events.get(2)).vlan().number().value());
    }

    @Test
    void recordsWhyAVlanSuffixWithALeadingZeroRoutesNowhere() {
        Eapol.Outcome o = login(Eapol.mschapv2(dir, "alice@0123456", "pw"));
        assertTrue(o.success(), o.output());
        VlanRouteDenied denied = (VlanRouteDenied) sessionEvents(o.sessionClass()).stream()
                .filter(VlanRouteDenied.class::isInstance).findFirst().orElseThrow();
        assertEquals(VlanRouteDenied.Reason.VLAN_UNREADABLE, denied.reason());
    }

    @Test
    void aWrongPasswordBehindAStockRejectDelayIsRejectedAndRecorded() {
        long addresses = count(AddressAssigned.class);
        Eapol.Outcome o = login(Eapol.mschapv2(dir, "jean pierre", "not-the-password"));
        assertFalse(o.success(), o.output());
        assertTrue(o.output().contains("Access-Reject"), "the NAS got an Access-Reject:\n" + o.output());
        AuthenticationRejected r = (AuthenticationRejected) payloads().stream()
                .filter(e -> e instanceof AuthenticationRejected a && a.account() != null
                        && a.account().value().equals("jean pierre")).reduce((a, b) -> b).orElseThrow();
        assertEquals(Reason.UPSTREAM_REJECT, r.reason());
        assertEquals(addresses, count(AddressAssigned.class));
    }

    @Test
    void bobsCertificateClaimingAliceGetsNoRouteWhenTheUpstreamNamesNobody() {
        Eapol.Outcome o = login(Eapol.tls(dir, "alice@123456", pki, "bob"));
        assertTrue(o.success(), "the certificate is valid, so the login is:\n" + o.output());
        List<Object> events = sessionEvents(o.sessionClass());
        SessionAuthorized authorized = (SessionAuthorized) events.get(0);
        assertEquals(AuthMethod.EAP_TLS, authorized.authMethod());
        assertEquals("/C=JP/O=Campus University/CN=bob", authorized.certificateSubject());
        assertTrue(events.stream().noneMatch(VlanRouteGranted.class::isInstance), "bob's certificate never routes as alice");
        VlanRouteDenied denied = (VlanRouteDenied) events.stream().filter(VlanRouteDenied.class::isInstance)
                .findFirst().orElseThrow();
        assertEquals(VlanRouteDenied.Reason.IDENTITY_UNVERIFIED, denied.reason());
        assertNull(gatewayRoutes(o.framedIp()));
    }

    // --- helpers ---

    private String gatewayRoutes(String address) {
        return payloads().stream().filter(e -> e instanceof VlanRouteGranted g && g.clientAddress().toString().equals(address))
                .findFirst().map(Object::toString).orElse(null);
    }

    private Eapol.Outcome login(Path config) {
        return Eapol.run(dir, config, authPort, NAS_SECRET, "1795785690-" + ACCT_IDS.incrementAndGet());
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
}
