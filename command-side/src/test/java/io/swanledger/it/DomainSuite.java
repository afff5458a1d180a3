package io.swanledger.it;

import static io.swanledger.Fixtures.ALICE;
import static io.swanledger.Fixtures.BOB;
import static io.swanledger.Fixtures.GW;
import static io.swanledger.Fixtures.LAB;
import static io.swanledger.Fixtures.POOL;
import static io.swanledger.Fixtures.authorize;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.swanledger.api.CommandRejectedException;
import io.swanledger.api.InvalidValueException;
import io.swanledger.api.identity.AccountName;
import io.swanledger.api.identity.Identity;
import io.swanledger.api.identity.SessionId;
import io.swanledger.api.net.CidrPrefix;
import io.swanledger.api.net.Ipv4Address;
import io.swanledger.api.net.Ipv4Range;
import io.swanledger.api.pool.AddressReleased;
import io.swanledger.api.pool.AllocateAddress;
import io.swanledger.api.pool.DefinePool;
import io.swanledger.api.pool.ReleaseAddress;
import io.swanledger.api.session.AddressAssigned;
import io.swanledger.api.session.AuthorizationResult;
import io.swanledger.api.session.CloseReason;
import io.swanledger.api.session.CloseSession;
import io.swanledger.api.session.EstablishSession;
import io.swanledger.api.session.SessionAuthorized;
import io.swanledger.api.session.SessionClosed;
import io.swanledger.api.session.SessionEstablished;
import io.swanledger.api.session.VlanRouteDenied;
import io.swanledger.api.session.VlanRouteGranted;
import io.swanledger.api.session.VlanRouteRevoked;
import io.swanledger.api.vlan.AccessPair;
import io.swanledger.api.vlan.ImportAccessList;
import io.swanledger.api.vlan.LabVlan;
import io.swanledger.pool.AddressPool;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;
import org.axonframework.common.transaction.TransactionManager;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.GapAwareTrackingToken;
import org.axonframework.eventhandling.GenericEventMessage;
import org.axonframework.eventsourcing.eventstore.DomainEventStream;
import org.axonframework.eventsourcing.eventstore.EventStorageEngine;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The domain end to end through a gateway's Spring context on a real event store. Subclasses pick
 * the store (H2, PostgreSQL); every test here runs on both.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class DomainSuite {

    private Stores store;
    Stores.Gateway gw;

    abstract Stores.Kind kind();

    /** What the store holds before the first gateway starts on it (nothing: a fresh store). */
    void before(Stores store) throws Exception {
    }

    @BeforeAll
    void start() throws Exception {
        store = Stores.fresh(kind());
        before(store);
        gw = store.start("vpn1", "swanledger.session.establish-timeout=2s",
                "swanledger.pool.snapshot-threshold=50");
        gw.commands().sendAndWait(new DefinePool(POOL, CidrPrefix.parse("10.1.0.0/24"),
                List.of(Ipv4Range.parse("10.1.0.10-10.1.0.250")),
                Set.of(Ipv4Address.parse("10.1.0.251"), Ipv4Address.parse("10.1.0.254")), Duration.ZERO, "ops", Instant.now()));
        gw.commands().sendAndWait(new ImportAccessList(ImportAccessList.CAMPUS, List.of(LAB),
                Set.of(AccessPair.parse("alice@123456")), "kuins-db", "importer", Instant.now()));
    }

    @AfterAll
    void stop() {
        if (gw != null) {
            gw.close();
        }
        if (store != null) {
            store.drop();
        }
    }

    private static List<String> fieldNames(com.fasterxml.jackson.databind.JsonNode node) {
        List<String> names = new ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }

    List<Object> stream(String aggregateId) {
        List<Object> out = new ArrayList<>();
        DomainEventStream s = gw.eventStore().readEvents(aggregateId, 0);
        while (s.hasNext()) {
            DomainEventMessage<?> m = s.next();
            out.add(m.getPayload());
        }
        return out;
    }

    private org.axonframework.messaging.MetaData metaData(String aggregateId, Class<?> type) {
        DomainEventStream s = gw.eventStore().readEvents(aggregateId, 0);
        while (s.hasNext()) {
            DomainEventMessage<?> m = s.next();
            if (type.isInstance(m.getPayload())) {
                return m.getMetaData();
            }
        }
        throw new AssertionError("no " + type.getSimpleName() + " in " + aggregateId);
    }

    <T> T await(String aggregateId, Class<T> type, Predicate<T> match) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
        while (System.nanoTime() < deadline) {
            for (Object e : stream(aggregateId)) {
                if (type.isInstance(e) && match.test(type.cast(e))) {
                    return type.cast(e);
                }
            }
            Thread.sleep(50);
        }
        throw new AssertionError("no " + type.getSimpleName() + " in " + aggregateId + " within 15 s: " + stream(aggregateId));
    }

    /** Ends a session and waits for its address to return, so that no deadline is left pending. */
    void closeAndAwaitRelease(String id, Ipv4Address address) throws InterruptedException {
        gw.commands().sendAndWait(new CloseSession(SessionId.of(id), CloseReason.DISCONNECTED, null, null, null, GW, Instant.now()));
        await(POOL.value(), AddressReleased.class, e -> e.sessionId().value().equals(id) && e.address().equals(address));
    }

    static String uniq(String prefix) {
        return prefix + "-" + System.nanoTime();
    }

    @Test
    void authorizesRoutesEstablishesClosesAndReleasesTheAddress() throws Exception {
        String id = uniq("s");
        AuthorizationResult r = gw.commands().sendAndWait(authorize(id, "alice@123456", ALICE));
        assertTrue(r.accepted());
        assertEquals(LAB, r.vlanRoute());
        gw.commands().sendAndWait(new EstablishSession(SessionId.of(id), "accounting", 0, GW, Instant.now()));
        gw.commands().sendAndWait(new EstablishSession(SessionId.of(id), "vici", 3, GW, Instant.now()));
        gw.commands().sendAndWait(new CloseSession(SessionId.of(id), CloseReason.DISCONNECTED, "User-Request", null, null, GW, Instant.now()));
        gw.commands().sendAndWait(new CloseSession(SessionId.of(id), CloseReason.DISCONNECTED, "vici down", null, null, GW, Instant.now()));

        List<Class<?>> types = stream(id).stream().<Class<?>>map(Object::getClass).toList();
        assertEquals(List.of(SessionAuthorized.class, AddressAssigned.class, VlanRouteGranted.class,
                SessionEstablished.class, SessionClosed.class), types);
        await(POOL.value(), AddressReleased.class, e -> e.sessionId().value().equals(id) && e.address().equals(r.address()));
    }

    @Test
    void closesASessionThatNeverComesUpAndReleasesItsAddress() throws Exception {
        String id = uniq("never");
        AuthorizationResult r = gw.commands().sendAndWait(authorize(id, "bob", BOB));
        SessionClosed closed = await(id, SessionClosed.class, e -> true);
        assertEquals(CloseReason.NEVER_ESTABLISHED, closed.reason());
        assertFalse(closed.wasEstablished());
        await(POOL.value(), AddressReleased.class, e -> e.sessionId().value().equals(id) && e.address().equals(r.address()));
    }

    @Test
    void revokesALiveRouteWhenThePairLeavesTheList() throws Exception {
        String id = uniq("revoke");
        AccountName carol = AccountName.of("carol");
        gw.commands().sendAndWait(new ImportAccessList(ImportAccessList.CAMPUS, List.of(LAB),
                Set.of(AccessPair.parse("alice@123456"), AccessPair.parse("carol@123456")), "kuins-db", "importer", Instant.now()));
        AuthorizationResult r = gw.commands().sendAndWait(authorize(id, "carol@123456", carol));
        assertEquals(LAB, r.vlanRoute());
        gw.commands().sendAndWait(new EstablishSession(SessionId.of(id), "vici", 9, GW, Instant.now()));
        long t0 = System.nanoTime();
        gw.commands().sendAndWait(new ImportAccessList(ImportAccessList.CAMPUS, List.of(LAB),
                Set.of(AccessPair.parse("alice@123456")), "kuins-db", "importer", Instant.now()));
        VlanRouteRevoked revoked = await(id, VlanRouteRevoked.class, e -> true);
        assertEquals(VlanRouteRevoked.Reason.PAIR_REVOKED, revoked.reason());
        assertTrue(System.nanoTime() - t0 < Duration.ofSeconds(5).toNanos(), "route revoked within 5 s");
        // the revocation names the recorded event it followed; the login, a command from outside, names no origin
        Object origin = metaData(id, VlanRouteRevoked.class).get("traceId");
        assertEquals("io.swanledger.api.vlan.AccessPairRevoked", gw.jdbc().queryForObject(
                "select payload_type from domain_event_entry where event_identifier = ?", String.class, origin));
        assertEquals(org.axonframework.messaging.MetaData.emptyInstance(), metaData(id, SessionAuthorized.class));
        // a fresh login of the revoked pair gets ordinary access
        String again = uniq("again");
        AuthorizationResult second = gw.commands().sendAndWait(authorize(again, "carol@123456", carol));
        assertEquals(null, second.vlanRoute());
        closeAndAwaitRelease(id, r.address());
        closeAndAwaitRelease(again, second.address());
    }

    @Test
    void decidesFromASnapshottedAccessListAfterARestart() throws Exception {
        Set<AccessPair> many = new HashSet<>();
        for (int i = 0; i < 1_100; i++) {
            many.add(AccessPair.parse("member" + i + "@123456"));
        }
        many.add(AccessPair.parse("alice@123456"));
        gw.commands().sendAndWait(new ImportAccessList(ImportAccessList.CAMPUS, List.of(LAB), many, "kuins-db", "importer", Instant.now()));
        long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
        Long snapshots = 0L;
        while (snapshots == 0 && System.nanoTime() < deadline) {
            snapshots = gw.jdbc().queryForObject("select count(*) from snapshot_event_entry where aggregate_identifier = ?",
                    Long.class, ImportAccessList.CAMPUS);
            Thread.sleep(50);
        }
        assertEquals(1L, snapshots, "access list snapshotted after 1,000 events");
        // a second gateway on the same store builds its view from that snapshot
        try (Stores.Gateway other = store.start("vpn2")) {
            String id = uniq("snapview");
            AuthorizationResult r = other.commands().sendAndWait(authorize(id, "member777@123456", AccountName.of("member777")));
            assertEquals(LAB, r.vlanRoute());
            AuthorizationResult denied = other.commands().sendAndWait(authorize(uniq("snapview"), "bob@123456", BOB));
            assertEquals(VlanRouteDenied.Reason.PAIR_NOT_LISTED, denied.vlanDenial());
            other.commands().sendAndWait(new CloseSession(SessionId.of(id), CloseReason.DISCONNECTED, null, null, null, GW, Instant.now()));
            other.commands().sendAndWait(new CloseSession(denied.sessionId(), CloseReason.DISCONNECTED, null, null, null, GW, Instant.now()));
            await(POOL.value(), AddressReleased.class, e -> e.sessionId().equals(denied.sessionId()));
            await(POOL.value(), AddressReleased.class, e -> e.sessionId().value().equals(id));
        } finally {
            gw.commands().sendAndWait(new ImportAccessList(ImportAccessList.CAMPUS, List.of(LAB),
                    Set.of(AccessPair.parse("alice@123456")), "kuins-db", "importer", Instant.now()));
        }
    }

    @Test
    void releasesAnAddressAnotherGatewayAllocatedInAPoolItHasCached() {
        // An H2 file is opened by one process: two gateways share only a PostgreSQL store (two contexts
        // in one JVM could share H2, which no deployment can, and the H2 gateway does not check its cache).
        Assumptions.assumeTrue(kind() == Stores.Kind.POSTGRESQL, "two gateways share a PostgreSQL store only");
        // vpn1 caches the pool; vpn2 then allocates from it behind vpn1's back
        String mine = uniq("cached");
        Ipv4Address a = gw.commands().sendAndWait(new AllocateAddress(POOL, SessionId.of(mine), ALICE, null, GW, Instant.now()));
        try (Stores.Gateway other = store.start("vpn2")) {
            String theirs = uniq("other");
            Ipv4Address b = other.commands().sendAndWait(new AllocateAddress(POOL, SessionId.of(theirs), BOB, null, GW, Instant.now()));
            // a stale cached pool would say b is not held and refuse
            gw.commands().sendAndWait(new ReleaseAddress(POOL, b, SessionId.of(theirs), GW, Instant.now()));
            assertTrue(stream(POOL.value()).stream().anyMatch(e -> e instanceof AddressReleased r
                    && r.sessionId().value().equals(theirs) && r.address().equals(b)));
        }
        gw.commands().sendAndWait(new ReleaseAddress(POOL, a, SessionId.of(mine), GW, Instant.now()));
    }

    @Test
    void givesBackTheAddressOfASessionAnotherGatewayAuthorizedWhenAGroupClosesItOnAPoolItHasCached() throws Exception {
        Assumptions.assumeTrue(kind() == Stores.Kind.POSTGRESQL, "two gateways share a PostgreSQL store only");
        // vpn1 caches the pool by authorizing a session of its own (a group commit)
        String mine = uniq("cached");
        AuthorizationResult m = gw.commands().sendAndWait(authorize(mine, "alice", ALICE));
        try (Stores.Gateway other = store.start("vpn2")) {
            String theirs = uniq("other");
            AuthorizationResult t = other.commands().sendAndWait(authorize(theirs, "bob", BOB));
            // vpn1 closes it (a group commit that appends to the session only: the release on the stale
            // cached pool is refused, which no sequence check sees)
            closeAndAwaitRelease(theirs, t.address());
        }
        closeAndAwaitRelease(mine, m.address());
    }

    @Test
    void readsAnEventThatFillsAGapFirstAndThenTheEventsAfterTheToken() {
        EventStorageEngine engine = gw.context().getBean(EventStorageEngine.class);
        TransactionManager tx = gw.context().getBean(TransactionManager.class);
        String tag = uniq("gap");
        tx.executeInTransaction(() -> engine.appendEvents(GenericEventMessage.asEventMessage(tag + "-a"),
                GenericEventMessage.asEventMessage(tag + "-b"), GenericEventMessage.asEventMessage(tag + "-c")));
        List<Long> ids = gw.jdbc().queryForList("select global_index from domain_event_entry where payload_type = ? "
                + "order by global_index desc", Long.class, String.class.getName()).subList(0, 3);
        long c = ids.get(0);
        long b = ids.get(1);
        tx.executeInTransaction(() -> engine.appendEvents(GenericEventMessage.asEventMessage(tag + "-d")));
        // a processor that has seen up to c, with b not yet committed when it read (a gap it keeps asking for)
        GapAwareTrackingToken token = GapAwareTrackingToken.newInstance(c, Set.of(b));
        List<Object> read;
        try (var events = engine.readEvents(token, false)) {
            read = events.map(m -> m.getPayload()).filter(p -> p instanceof String s && s.startsWith(tag)).map(Object.class::cast)
                    .toList();
        }
        assertEquals(List.of(tag + "-b", tag + "-d"), read);
    }

    @Test
    void storesInstantsAsIsoTextAndPayloadsAsReadableJson() throws InterruptedException {
        String id = uniq("json");
        AuthorizationResult r = gw.commands().sendAndWait(authorize(id, "alice", ALICE));
        closeAndAwaitRelease(id, r.address());
        Object payload = gw.jdbc().queryForObject(
                "select payload from domain_event_entry where payload_type = ? order by global_index desc limit 1",
                Object.class, SessionAuthorized.class.getName());
        String json = new String((byte[]) payload, StandardCharsets.UTF_8);
        assertTrue(json.matches("(?s).*\"at\":\"20\\d\\d-\\d\\d-\\d\\dT[^\"]+Z\".*"), json);
        assertTrue(json.contains("\"peer\":{\"address\":\"203.0.113.9\",\"port\":4500}"), json);
    }

    @Test
    void snapshotsABusyPoolSoLoadingStaysBounded() {
        for (int i = 0; i < 120; i++) {
            String id = uniq("snap");
            Ipv4Address a = gw.commands().sendAndWait(new AllocateAddress(POOL, SessionId.of(id), ALICE, null, GW, Instant.now()));
            gw.commands().sendAndWait(new ReleaseAddress(POOL, a, SessionId.of(id), GW, Instant.now()));
        }
        Long snapshots = gw.jdbc().queryForObject("select count(*) from snapshot_event_entry where aggregate_identifier = ?",
                Long.class, POOL.value());
        assertTrue(snapshots != null && snapshots >= 1, "pool snapshot stored");
    }

    @Test
    void keepsOneEventPerAggregateAndSequenceNumberWithoutIndexingEventIdentifiers() {
        Set<String> unique = gw.jdbc().execute((org.springframework.jdbc.core.ConnectionCallback<Set<String>>) c -> {
            Set<String> columns = new HashSet<>();
            for (String table : List.of("domain_event_entry", "DOMAIN_EVENT_ENTRY")) {
                try (java.sql.ResultSet rs = c.getMetaData().getIndexInfo(null, null, table, true, false)) {
                    while (rs.next()) {
                        if (rs.getString("COLUMN_NAME") != null) {
                            columns.add(rs.getString("COLUMN_NAME").toLowerCase(java.util.Locale.ROOT));
                        }
                    }
                }
            }
            return columns;
        });
        assertEquals(Set.of("global_index", "aggregate_identifier", "sequence_number"), unique);
    }

    private void assertMigrated(String version) {
        List<Object> versions = gw.jdbc().queryForList("select \"version\" from \"flyway_schema_history\" where "
                + "\"success\" = true and \"version\" is not null", Object.class);
        assertTrue(versions.stream().map(String::valueOf).anyMatch(version::equals), "version " + version + " applied: " + versions);
    }

    @Test
    void leavesRoomOnLiveSessionPagesForUpdatesInPlaceWhereTheStoreHasIt() {
        assertMigrated("5");
        if (kind() == Stores.Kind.POSTGRESQL) {
            assertEquals("{fillfactor=70}", gw.jdbc().queryForObject(
                    "select reloptions::text from pg_class where relname = 'swanledger_live_session'", String.class));
        }
    }

    @Test
    void sendsAGroupsEventsAsMultiRowInsertsOnPostgresql() {
        org.junit.jupiter.api.Assumptions.assumeTrue(kind() == Stores.Kind.POSTGRESQL, "a pgjdbc setting");
        Boolean rewritten = gw.jdbc().execute((org.springframework.jdbc.core.ConnectionCallback<Boolean>) c ->
                c.unwrap(org.postgresql.core.BaseConnection.class).getQueryExecutor().isReWriteBatchedInsertsEnabled());
        assertEquals(Boolean.TRUE, rewritten, "the store's connections rewrite a batch of inserts into multi-row inserts");
    }

    @Test
    void compressesPoolSnapshotsWithLz4WhereTheStoreHasIt() {
        assertMigrated("6");
        if (kind() == Stores.Kind.POSTGRESQL) {
            // lz4 where the server was built with it (Debian's and the postgres image's are), else stored uncompressed
            String how = gw.jdbc().queryForObject("select attcompression::text || attstorage::text from pg_attribute "
                    + "where attrelid = 'snapshot_event_entry'::regclass and attname = 'payload'", String.class);
            assertTrue("lx".equals(how) || "e".equals(how), "payload's compression and storage: " + how);
        }
    }

    @Test
    void writesAPoolSnapshotThatIsExactlyItsHistoryUpToTheSnapshotsVersion() throws Exception {
        EventStorageEngine engine = gw.context().getBean(EventStorageEngine.class);
        long before = engine.readSnapshot(POOL.value()).map(DomainEventMessage::getSequenceNumber).orElse(-1L);
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        DomainEventMessage<?> snapshot = null;
        // sessions come and go (a threshold of 50 events: two per session) until a newer snapshot is written
        while (snapshot == null && System.nanoTime() < deadline) {
            String id = uniq("copy");
            Ipv4Address a = gw.commands().sendAndWait(new AllocateAddress(POOL, SessionId.of(id), BOB, null, GW, Instant.now()));
            gw.commands().sendAndWait(new ReleaseAddress(POOL, a, SessionId.of(id), GW, Instant.now()));
            snapshot = engine.readSnapshot(POOL.value()).filter(m -> m.getSequenceNumber() > before).orElse(null);
        }
        assertTrue(snapshot != null, "a newer pool snapshot written");

        // the same pool replayed from its events up to the snapshot's sequence number
        java.lang.reflect.Constructor<AddressPool> fresh = AddressPool.class.getDeclaredConstructor();
        fresh.setAccessible(true);
        AddressPool replayed = fresh.newInstance();
        DomainEventStream events = gw.eventStore().readEvents(POOL.value(), 0);
        while (events.hasNext() && events.peek().getSequenceNumber() <= snapshot.getSequenceNumber()) {
            Object e = events.next().getPayload();
            java.lang.reflect.Method on = AddressPool.class.getDeclaredMethod("on", e.getClass());
            on.setAccessible(true);
            on.invoke(replayed, e);
        }
        com.fasterxml.jackson.databind.ObjectMapper json = gw.context().getBean("defaultAxonObjectMapper",
                com.fasterxml.jackson.databind.ObjectMapper.class);
        com.fasterxml.jackson.databind.JsonNode expected = json.valueToTree(replayed);
        com.fasterxml.jackson.databind.JsonNode written = json.valueToTree(snapshot.getPayload());
        assertEquals(expected, written);
        // the free addresses' order is the allocation order: it must be the same too
        assertEquals(fieldNames(expected.get("free")), fieldNames(written.get("free")));
    }

    @ParameterizedTest
    @ValueSource(strings = {"CAMPUS\\alice", "alice@realm", "zoë.müller", "alice smith", "o'brien", "alice;rm -rf /",
            "alice@realm@123456", "ALICE@123456", "alice @123456"})
    void recordsEveryNameTheUpstreamAcceptedAsSentAndRoutesNoneOfThem(String sent) {
        String id = uniq("name");
        Identity requested = Identity.parse(sent);
        AuthorizationResult r = gw.commands().sendAndWait(authorize(id, sent, requested.account()));
        assertTrue(r.accepted(), sent);
        assertEquals(null, r.vlanRoute(), "only the exact listed pair alice@123456 routes");
        SessionAuthorized authorized = (SessionAuthorized) stream(id).get(0);
        assertEquals(sent, authorized.requested().toString(), "recorded byte for byte");
        assertEquals(requested.account(), authorized.account());
        assertTrue(stream(id).stream().noneMatch(VlanRouteGranted.class::isInstance));
        establish(id);
    }

    /** Up, so that no deadline closes it while another test counts the store's events. */
    private void establish(String id) {
        gw.commands().sendAndWait(new EstablishSession(SessionId.of(id), "vici", 0, GW, Instant.now()));
    }

    @ParameterizedTest
    @ValueSource(strings = {"alice@0123456", "alice@1234567890", "alice@0"})
    void recordsAnUnreadableVlanRequestAsOrdinaryAccessWithItsReason(String sent) {
        String id = uniq("unreadable");
        AuthorizationResult r = gw.commands().sendAndWait(authorize(id, sent, ALICE));
        assertTrue(r.accepted());
        assertEquals(null, r.vlanRoute());
        VlanRouteDenied denied = (VlanRouteDenied) stream(id).stream().filter(VlanRouteDenied.class::isInstance)
                .findFirst().orElseThrow();
        assertEquals(VlanRouteDenied.Reason.VLAN_UNREADABLE, denied.reason());
        assertEquals(sent, denied.requested().toString());
        establish(id);
    }

    @Test
    void refusesAnIdentityLongerThanRadiusCarriesWithAShortMessage() {
        long before = gw.storedEvents();
        String huge = "a".repeat(10_240);
        InvalidValueException e = assertThrows(InvalidValueException.class, () -> Identity.parse(huge));
        assertTrue(e.getMessage().startsWith("identity: is 10240 UTF-8 octets long, at most 253 allowed"), e.getMessage());
        assertTrue(e.getMessage().length() < 200, "message stays short");
        assertEquals(before, gw.storedEvents());
    }

    @Test
    void refusesMalformedAddressesAndRanges() {
        for (String bad : List.of("10.1.0", "10.1.0.256", "10.01.0.1", "10.1.0.1 ", "1O.1.0.1", "10.1.0.1/24", "::1", "")) {
            assertThrows(InvalidValueException.class, () -> Ipv4Address.parse(bad), bad);
        }
        for (String bad : List.of("10.1.0.9-10.1.0.1", "10.1.0.1-", "10.0.0.0-10.2.0.0")) {
            assertThrows(InvalidValueException.class, () -> Ipv4Range.parse(bad), bad);
        }
        InvalidValueException e = assertThrows(InvalidValueException.class, () -> CidrPrefix.parse("10.2.0.5/24"));
        assertEquals("prefix: has host bits set; did you mean 10.2.0.0/24? (got \"10.2.0.5/24\")", e.getMessage());
    }

    @Test
    void refusesAReservedAddressRequestedAndRecordsNothing() {
        long before = gw.storedEvents();
        CommandRejectedException e = assertThrows(CommandRejectedException.class, () -> gw.commands().sendAndWait(
                new AllocateAddress(POOL, SessionId.of(uniq("res")), ALICE, Ipv4Address.parse("10.1.0.251"), GW, Instant.now())));
        assertEquals("pool clients: requested address 10.1.0.251 is not in the pool's ranges [10.1.0.10-10.1.0.250]", e.getMessage());
        assertEquals(before, gw.storedEvents());
    }

    @Test
    void refusesAReleaseByANonHolderAndRecordsNothing() {
        String holder = uniq("holder");
        Ipv4Address a = gw.commands().sendAndWait(new AllocateAddress(POOL, SessionId.of(holder), ALICE, null, GW, Instant.now()));
        long before = gw.storedEvents();
        CommandRejectedException e = assertThrows(CommandRejectedException.class, () -> gw.commands().sendAndWait(
                new ReleaseAddress(POOL, a, SessionId.of("intruder"), GW, Instant.now())));
        assertTrue(e.getMessage().contains("session intruder does not hold " + a), e.getMessage());
        assertEquals(before, gw.storedEvents());
    }

    @Test
    void refusesAnImportNamingAnUnknownVlanAndRecordsNothing() {
        long before = gw.storedEvents();
        assertThrows(InvalidValueException.class, () -> new ImportAccessList(ImportAccessList.CAMPUS, List.of(LAB),
                Set.of(AccessPair.parse("alice@654321")), "kuins-db", "importer", Instant.now()));
        assertThrows(InvalidValueException.class, () -> LabVlan.withDefaults(LAB.number(), "ens3.1;reboot", LAB.prefix(), LAB.gateway()));
        assertEquals(before, gw.storedEvents());
    }
}
