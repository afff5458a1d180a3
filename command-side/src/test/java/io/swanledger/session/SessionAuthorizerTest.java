package io.swanledger.session;

import static io.swanledger.Fixtures.ALICE;
import static io.swanledger.Fixtures.BOB;
import static io.swanledger.Fixtures.GW;
import static io.swanledger.Fixtures.LAB;
import static io.swanledger.Fixtures.POOL;
import static io.swanledger.Fixtures.T0;
import static io.swanledger.Fixtures.authorize;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.swanledger.api.CommandRejectedException;
import io.swanledger.api.identity.AccountName;
import io.swanledger.api.identity.AuthMethod;
import io.swanledger.api.identity.PoolId;
import io.swanledger.api.identity.SessionId;
import io.swanledger.api.net.CidrPrefix;
import io.swanledger.api.net.Ipv4Address;
import io.swanledger.api.net.Ipv4Range;
import io.swanledger.api.pool.AddressAllocated;
import io.swanledger.api.pool.AddressAllocationRefused;
import io.swanledger.api.pool.AddressReleased;
import io.swanledger.api.pool.DefinePool;
import io.swanledger.api.session.AddressAssigned;
import io.swanledger.api.session.AuthorizationResult;
import io.swanledger.api.session.AuthorizeSession;
import io.swanledger.api.session.CloseReason;
import io.swanledger.api.session.CloseSession;
import io.swanledger.api.session.SessionAuthorized;
import io.swanledger.api.session.SessionRefused;
import io.swanledger.api.session.VlanRouteDenied;
import io.swanledger.api.session.VlanRouteGranted;
import io.swanledger.api.vlan.AccessPair;
import io.swanledger.api.vlan.ImportAccessList;
import io.swanledger.commandside.CommandSideModule;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.axonframework.common.stream.BlockingStream;
import org.axonframework.config.Configuration;
import org.axonframework.config.Configurer;
import org.axonframework.config.DefaultConfigurer;
import org.axonframework.eventhandling.TrackedEventMessage;
import org.axonframework.eventhandling.TrackingEventProcessor;
import org.axonframework.eventsourcing.eventstore.inmemory.InMemoryEventStorageEngine;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The authorizer across its three aggregates, wired Spring-free by {@link CommandSideModule} on an
 * in-memory event store (the real stores are exercised by the integration tests).
 */
class SessionAuthorizerTest {

    private Configuration axon;

    void start(SessionPolicy policy, String range) {
        Configurer configurer = DefaultConfigurer.defaultConfiguration()
                .configureEmbeddedEventStore(c -> new InMemoryEventStorageEngine());
        new CommandSideModule(policy, 50, false).configureModule(configurer);
        axon = configurer.start();
        axon.commandGateway().sendAndWait(new DefinePool(POOL, CidrPrefix.parse("10.1.0.0/24"), List.of(Ipv4Range.parse(range)),
                Set.of(Ipv4Address.parse("10.1.0.254")), Duration.ZERO, "ops", T0));
        axon.commandGateway().sendAndWait(new ImportAccessList(ImportAccessList.CAMPUS, List.of(LAB),
                Set.of(AccessPair.parse("alice@123456")), "export", "importer", T0));
    }

    @AfterEach
    void stop() {
        if (axon != null) {
            axon.shutdown();
        }
    }

    AuthorizationResult send(AuthorizeSession c) {
        return axon.commandGateway().sendAndWait(c);
    }

    List<Object> events() {
        List<Object> out = new ArrayList<>();
        try (BlockingStream<TrackedEventMessage<?>> s = axon.eventStore().openStream(null)) {
            while (s.hasNextAvailable()) {
                out.add(s.nextAvailable().getPayload());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return out;
    }

    /** The pool's own stream, read without opening a tracking stream. */
    List<Object> poolEvents() {
        List<Object> out = new ArrayList<>();
        axon.eventStore().readEvents(POOL.value()).forEachRemaining(m -> out.add(m.getPayload()));
        return out;
    }

    List<Object> eventsAfter(int n) {
        List<Object> all = events();
        return all.subList(n, all.size());
    }

    static List<Class<?>> types(List<Object> events) {
        return events.stream().<Class<?>>map(Object::getClass).toList();
    }

    @Test
    void grantsARouteForAListedPairAndOpensTheSessionWithItsAddress() {
        start(SessionPolicy.DEFAULT, "10.1.0.10-10.1.0.250");
        int before = events().size();
        AuthorizationResult r = send(authorize("s1", "alice@123456", ALICE));
        assertTrue(r.accepted());
        assertEquals(Ipv4Address.parse("10.1.0.10"), r.address());
        assertEquals(LAB, r.vlanRoute());
        List<Object> recorded = eventsAfter(before);
        assertEquals(List.of(AddressAllocated.class, SessionAuthorized.class, AddressAssigned.class, VlanRouteGranted.class),
                types(recorded));
        VlanRouteGranted g = (VlanRouteGranted) recorded.get(3);
        assertEquals(Ipv4Address.parse("10.1.0.10"), g.clientAddress());
        assertEquals(Ipv4Address.parse("10.2.0.253"), g.vlan().snatAddress());
    }

    @Test
    void givesAnUnlistedPairOrdinaryAccessAndRecordsTheDenial() {
        start(SessionPolicy.DEFAULT, "10.1.0.10-10.1.0.250");
        int before = events().size();
        AuthorizationResult r = send(authorize("s1", "bob@123456", BOB));
        assertTrue(r.accepted());
        assertNull(r.vlanRoute());
        assertEquals(VlanRouteDenied.Reason.PAIR_NOT_LISTED, r.vlanDenial());
        assertEquals(List.of(AddressAllocated.class, SessionAuthorized.class, AddressAssigned.class, VlanRouteDenied.class),
                types(eventsAfter(before)));
    }

    @Test
    void refusesAnUnlistedPairWhenConfiguredToReject() {
        start(new SessionPolicy(Duration.ofSeconds(60), SessionPolicy.UnlistedPair.REJECT), "10.1.0.10-10.1.0.250");
        int before = events().size();
        AuthorizationResult r = send(authorize("s1", "bob@123456", BOB));
        assertFalse(r.accepted());
        assertEquals(SessionRefused.Reason.VLAN_NOT_GRANTED, r.refusal());
        assertEquals(List.of(SessionRefused.class, VlanRouteDenied.class), types(eventsAfter(before)));
    }

    @Test
    void neverRoutesWhenTheRequestedAccountIsNotTheAuthenticatedOne() {
        start(SessionPolicy.DEFAULT, "10.1.0.10-10.1.0.250");
        int before = events().size();
        // bob authenticates but asks for alice's lab: CVE-2012-4741's lesson
        AuthorizationResult r = send(authorize("s1", "alice@123456", BOB));
        assertTrue(r.accepted());
        assertNull(r.vlanRoute());
        assertEquals(VlanRouteDenied.Reason.IDENTITY_MISMATCH, r.vlanDenial());
        VlanRouteDenied d = (VlanRouteDenied) eventsAfter(before).get(3);
        assertEquals("alice@123456", d.requested().toString());
        assertEquals(BOB, d.account());
    }

    @Test
    void neverRoutesAClaimedNameTheUpstreamDidNotVouchFor() {
        start(SessionPolicy.DEFAULT, "10.1.0.10-10.1.0.250");
        int before = events().size();
        // EAP-TLS: a valid certificate, no common name and no User-Name from the upstream; alice is only claimed
        AuthorizeSession claimed = authorize("s1", "alice@123456", ALICE);
        AuthorizationResult r = send(new AuthorizeSession(claimed.sessionId(), claimed.poolId(), claimed.requested(),
                claimed.authenticated(), AuthMethod.EAP_TLS, "CN=bob", "CN=Campus CA",
                claimed.peer(), claimed.nas(), claimed.acctSessionId(), null, claimed.gateway(), claimed.at(), false, null));
        assertTrue(r.accepted());
        assertNull(r.vlanRoute());
        assertEquals(VlanRouteDenied.Reason.IDENTITY_UNVERIFIED, r.vlanDenial());
        assertTrue(eventsAfter(before).stream().noneMatch(VlanRouteGranted.class::isInstance));
    }

    @Test
    void refusesAnUnreadableVlanRequestWhenUnlistedPairsAreRejected() {
        start(new SessionPolicy(Duration.ofSeconds(60), SessionPolicy.UnlistedPair.REJECT), "10.1.0.10-10.1.0.250");
        AuthorizationResult r = send(authorize("s1", "alice@0123456", ALICE));
        assertFalse(r.accepted());
        assertEquals(SessionRefused.Reason.VLAN_NOT_GRANTED, r.refusal());
        assertEquals(VlanRouteDenied.Reason.VLAN_UNREADABLE, r.vlanDenial());
    }

    @Test
    void deniesARouteIntoAnUnregisteredVlan() {
        start(SessionPolicy.DEFAULT, "10.1.0.10-10.1.0.250");
        AuthorizationResult r = send(authorize("s1", "alice@999", ALICE));
        assertTrue(r.accepted());
        assertEquals(VlanRouteDenied.Reason.VLAN_NOT_REGISTERED, r.vlanDenial());
    }

    @Test
    void refusesTheSessionWhenThePoolIsExhausted() {
        start(SessionPolicy.DEFAULT, "10.1.0.10-10.1.0.11");
        assertTrue(send(authorize("s1", "alice", ALICE)).accepted());
        assertTrue(send(authorize("s2", "bob", BOB)).accepted());
        int before = events().size();
        AuthorizationResult r = send(authorize("s3", "carol", AccountName.of("carol")));
        assertFalse(r.accepted());
        assertEquals(SessionRefused.Reason.POOL_EXHAUSTED, r.refusal());
        assertEquals(List.of(AddressAllocationRefused.class, SessionRefused.class), types(eventsAfter(before)));
    }

    @Test
    void answersARepeatedAuthorizationAsBeforeAndRecordsNothing() {
        start(SessionPolicy.DEFAULT, "10.1.0.10-10.1.0.250");
        AuthorizationResult first = send(authorize("s1", "alice@123456", ALICE));
        int before = events().size();
        AuthorizationResult again = send(authorize("s1", "alice@123456", ALICE));
        assertEquals(first, again);
        assertEquals(before, events().size());
    }

    @Test
    void refusesAnUndefinedPoolAndRecordsNothing() {
        start(SessionPolicy.DEFAULT, "10.1.0.10-10.1.0.250");
        int before = events().size();
        AuthorizeSession c = authorize("s1", "alice", ALICE);
        AuthorizeSession elsewhere = new AuthorizeSession(c.sessionId(), PoolId.of("nowhere"), c.requested(), c.authenticated(),
                c.authMethod(), null, null, c.peer(), c.nas(), null, null, GW, T0);
        CommandRejectedException e = assertThrows(CommandRejectedException.class, () -> send(elsewhere));
        assertEquals("pool nowhere is not defined", e.getMessage());
        assertEquals(before, events().size());
    }

    @Test
    void releasesTheAddressInTheCloseItself() {
        start(SessionPolicy.DEFAULT, "10.1.0.10-10.1.0.250");
        send(authorize("s1", "alice", ALICE));
        axon.commandGateway().sendAndWait(new CloseSession(SessionId.of("s1"), CloseReason.DISCONNECTED, null, null, null, GW,
                Instant.now()));
        List<Object> released = poolEvents().stream().filter(AddressReleased.class::isInstance).toList();
        assertEquals(1, released.size(), "released when the close returned, by no saga: " + events());
        assertEquals(Ipv4Address.parse("10.1.0.10"), ((AddressReleased) released.get(0)).address());
        assertEquals(SessionId.of("s1"), ((AddressReleased) released.get(0)).sessionId());
    }

    @Test
    void releasesNothingWhenAClosedSessionIsClosedAgain() {
        start(SessionPolicy.DEFAULT, "10.1.0.10-10.1.0.250");
        send(authorize("s1", "alice", ALICE));
        CloseSession close = new CloseSession(SessionId.of("s1"), CloseReason.DISCONNECTED, null, null, null, GW, Instant.now());
        axon.commandGateway().sendAndWait(close);
        send(authorize("s2", "bob", BOB));
        int before = events().size();
        axon.commandGateway().sendAndWait(close);
        assertEquals(before, events().size());
    }
}
