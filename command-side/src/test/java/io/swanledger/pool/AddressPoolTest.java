package io.swanledger.pool;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.swanledger.api.CommandRejectedException;
import io.swanledger.api.identity.AccountName;
import io.swanledger.api.identity.GatewayId;
import io.swanledger.api.identity.PoolId;
import io.swanledger.api.identity.SessionId;
import io.swanledger.api.net.CidrPrefix;
import io.swanledger.api.net.Ipv4Address;
import io.swanledger.api.net.Ipv4Range;
import io.swanledger.api.pool.AddressAllocated;
import io.swanledger.api.pool.AddressAllocated.Choice;
import io.swanledger.api.pool.AddressAllocationRefused;
import io.swanledger.api.pool.AddressReleased;
import io.swanledger.api.pool.AddressReserved;
import io.swanledger.api.pool.AddressUnreserved;
import io.swanledger.api.pool.AllocateAddress;
import io.swanledger.api.pool.DefinePool;
import io.swanledger.api.pool.PoolChanges;
import io.swanledger.api.pool.PoolDefined;
import io.swanledger.api.pool.PoolReconfigured;
import io.swanledger.api.pool.ReconfigurePool;
import io.swanledger.api.pool.ReleaseAddress;
import io.swanledger.api.pool.ReserveAddress;
import io.swanledger.api.pool.UnreserveAddress;
import io.swanledger.commandside.CommandSideAutoConfiguration;
import java.lang.reflect.Method;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class AddressPoolTest {

    static final PoolId POOL = PoolId.of("clients");
    static final GatewayId GW = GatewayId.of("vpn1");
    static final Instant T0 = Instant.parse("2026-03-12T05:00:00Z");
    static final AccountName ALICE = AccountName.of("alice");
    static final AccountName BOB = AccountName.of("bob");

    private AggregateTestFixture<AddressPool> fixture;

    @BeforeEach
    void setUp() {
        fixture = new AggregateTestFixture<>(AddressPool.class);
    }

    static Ipv4Address ip(String s) {
        return Ipv4Address.parse(s);
    }

    static SessionId s(String id) {
        return SessionId.of(id);
    }

    /** The seed's small example shrunk: 10.1.0.0/29, pool .1–.6, gateway .6 reserved. */
    static PoolDefined tinyPool(Duration quarantine) {
        return new PoolDefined(POOL, CidrPrefix.parse("10.1.0.0/29"), List.of(Ipv4Range.parse("10.1.0.0-10.1.0.7")),
                Set.of(ip("10.1.0.6")), quarantine, "ops", T0);
    }

    static AllocateAddress allocate(String session, AccountName who, Instant at) {
        return new AllocateAddress(POOL, s(session), who, null, GW, at);
    }

    static AddressAllocated allocated(String address, String session, AccountName who, Choice choice, Instant at) {
        return new AddressAllocated(POOL, ip(address), s(session), who, choice, GW, at);
    }

    static AddressReleased released(String address, String session, AccountName who, Instant at) {
        return new AddressReleased(POOL, ip(address), s(session), who, GW, at);
    }

    @Test
    void definesAPoolWithItsRangesSorted() {
        fixture.givenNoPriorActivity()
                .when(new DefinePool(POOL, CidrPrefix.parse("10.1.0.0/24"),
                        List.of(Ipv4Range.parse("10.1.0.100-10.1.0.250"), Ipv4Range.parse("10.1.0.10-10.1.0.20")),
                        Set.of(ip("10.1.0.251"), ip("10.1.0.254")), Duration.ofMinutes(5), "ops", T0))
                .expectEvents(new PoolDefined(POOL, CidrPrefix.parse("10.1.0.0/24"),
                        List.of(Ipv4Range.parse("10.1.0.10-10.1.0.20"), Ipv4Range.parse("10.1.0.100-10.1.0.250")),
                        Set.of(ip("10.1.0.251"), ip("10.1.0.254")), Duration.ofMinutes(5), "ops", T0));
    }

    @Test
    void refusesARangeOutsideTheNetwork() {
        fixture.givenNoPriorActivity()
                .when(new DefinePool(POOL, CidrPrefix.parse("10.1.0.0/24"), List.of(Ipv4Range.parse("10.1.0.10-10.1.1.5")),
                        Set.of(), Duration.ZERO, "ops", T0))
                .expectException(CommandRejectedException.class)
                .expectExceptionMessage("pool clients: range 10.1.0.10-10.1.1.5 is outside 10.1.0.0/24")
                .expectNoEvents();
    }

    @Test
    void refusesOverlappingRanges() {
        fixture.givenNoPriorActivity()
                .when(new DefinePool(POOL, CidrPrefix.parse("10.1.0.0/24"),
                        List.of(Ipv4Range.parse("10.1.0.10-10.1.0.20"), Ipv4Range.parse("10.1.0.15-10.1.0.30")),
                        Set.of(), Duration.ZERO, "ops", T0))
                .expectException(CommandRejectedException.class)
                .expectNoEvents();
    }

    @Test
    void handsOutTheLowestNeverUsedAddressFirstSkippingTheNetworkAddress() {
        fixture.given(tinyPool(Duration.ZERO))
                .when(allocate("s1", ALICE, T0))
                .expectEvents(allocated("10.1.0.1", "s1", ALICE, Choice.LEAST_RECENTLY_RELEASED, T0))
                .expectResultMessagePayload(ip("10.1.0.1"));
    }

    @Test
    void neverHandsOutNetworkBroadcastOrReservedAddresses() {
        AggregateTestFixture<AddressPool> f = new AggregateTestFixture<>(AddressPool.class);
        // Drain the pool: exactly .1–.5 come out, in order (.0 network, .6 reserved, .7 broadcast never).
        List<Object> history = new ArrayList<>(List.of(tinyPool(Duration.ZERO)));
        for (int i = 1; i <= 5; i++) {
            AddressAllocated expected = allocated("10.1.0." + i, "s" + i, ALICE, Choice.LEAST_RECENTLY_RELEASED, T0);
            f.given(history).when(allocate("s" + i, ALICE, T0)).expectEvents(expected);
            history.add(expected);
        }
        f.given(history).when(allocate("s6", ALICE, T0))
                .expectEvents(new AddressAllocationRefused(POOL, s("s6"), ALICE, AddressAllocationRefused.Reason.EXHAUSTED, 5, 0, GW, T0))
                .expectResultMessagePayload(null);
    }

    static ReconfigurePool configured(String range, Set<Ipv4Address> reserved, Instant at) {
        return new ReconfigurePool(POOL, CidrPrefix.parse("10.1.0.0/29"), List.of(Ipv4Range.parse(range)), reserved,
                Duration.ZERO, "gateway configuration", at);
    }

    @Test
    void countsFreeHeldAndQuarantinedAddressesWithoutRecordingAnything() {
        // .1–.5 allocatable; alice holds .1, bob released .2 a minute ago (quarantine 1 h)
        fixture.given(tinyPool(Duration.ofHours(1)), allocated("10.1.0.1", "s1", ALICE, Choice.LEAST_RECENTLY_RELEASED, T0),
                        allocated("10.1.0.2", "s2", BOB, Choice.LEAST_RECENTLY_RELEASED, T0),
                        released("10.1.0.2", "s2", BOB, T0.plusSeconds(60)))
                .when(new io.swanledger.api.pool.CountAddresses(POOL, T0.plusSeconds(120)))
                .expectNoEvents()
                .expectResultMessagePayload(new io.swanledger.api.pool.CountAddresses.AddressCounts(3, 1, 1));
    }

    @Test
    void recordsNothingWhenTheConfigurationIsUnchanged() {
        fixture.given(tinyPool(Duration.ZERO))
                .when(configured("10.1.0.0-10.1.0.7", Set.of(ip("10.1.0.6")), T0))
                .expectNoEvents()
                .expectResultMessagePayload(new PoolChanges(List.of(Ipv4Range.parse("10.1.0.0-10.1.0.7")),
                        List.of(Ipv4Range.parse("10.1.0.0-10.1.0.7")), List.of(), List.of(), List.of(), false));
    }

    @Test
    void shrinkingAPoolNeverTakesAnAddressFromALiveSession() {
        // alice holds .5; the range shrinks to .1–.3 and .2 is reserved: .5 stays hers until she leaves
        Instant t1 = T0.plusSeconds(60);
        fixture.given(tinyPool(Duration.ZERO), allocated("10.1.0.5", "s1", ALICE, Choice.LEAST_RECENTLY_RELEASED, T0))
                .when(configured("10.1.0.1-10.1.0.3", Set.of(ip("10.1.0.2")), t1))
                .expectEvents(new PoolReconfigured(POOL, List.of(Ipv4Range.parse("10.1.0.0-10.1.0.7")),
                                List.of(Ipv4Range.parse("10.1.0.1-10.1.0.3")), Duration.ZERO, "gateway configuration", t1),
                        new AddressReserved(POOL, ip("10.1.0.2"), "pool configuration", "gateway configuration", t1),
                        new AddressUnreserved(POOL, ip("10.1.0.6"), "gateway configuration", t1))
                .expectResultMessagePayload(new PoolChanges(List.of(Ipv4Range.parse("10.1.0.0-10.1.0.7")),
                        List.of(Ipv4Range.parse("10.1.0.1-10.1.0.3")), List.of(ip("10.1.0.2")), List.of(ip("10.1.0.6")),
                        List.of(ip("10.1.0.5")), false));
    }

    @Test
    void anAddressThatLeftThePoolIsNeverHandedOutAgainAfterItsRelease() {
        Instant t1 = T0.plusSeconds(60);
        PoolReconfigured shrunk = new PoolReconfigured(POOL, List.of(Ipv4Range.parse("10.1.0.0-10.1.0.7")),
                List.of(Ipv4Range.parse("10.1.0.1-10.1.0.2")), Duration.ZERO, "gateway configuration", t1);
        fixture.given(tinyPool(Duration.ZERO), allocated("10.1.0.5", "s1", ALICE, Choice.LEAST_RECENTLY_RELEASED, T0),
                        shrunk, released("10.1.0.5", "s1", ALICE, t1.plusSeconds(1)),
                        allocated("10.1.0.1", "s2", BOB, Choice.LEAST_RECENTLY_RELEASED, t1),
                        allocated("10.1.0.2", "s3", BOB, Choice.LEAST_RECENTLY_RELEASED, t1))
                .when(allocate("s4", ALICE, t1.plusSeconds(5)))
                .expectEvents(new AddressAllocationRefused(POOL, s("s4"), ALICE, AddressAllocationRefused.Reason.EXHAUSTED,
                        2, 0, GW, t1.plusSeconds(5)));
    }

    @Test
    void handsOutTheAddressesOfAGrownRange() {
        Instant t1 = T0.plusSeconds(60);
        fixture.given(new PoolDefined(POOL, CidrPrefix.parse("10.1.0.0/29"), List.of(Ipv4Range.parse("10.1.0.1-10.1.0.1")),
                        Set.of(), Duration.ZERO, "ops", T0), allocated("10.1.0.1", "s1", ALICE, Choice.LEAST_RECENTLY_RELEASED, T0),
                        new PoolReconfigured(POOL, List.of(Ipv4Range.parse("10.1.0.1-10.1.0.1")),
                                List.of(Ipv4Range.parse("10.1.0.1-10.1.0.2")), Duration.ZERO, "gateway configuration", t1))
                .when(allocate("s2", BOB, t1))
                .expectEvents(allocated("10.1.0.2", "s2", BOB, Choice.LEAST_RECENTLY_RELEASED, t1));
    }

    @Test
    void refusesToMoveThePoolToAnotherNetwork() {
        fixture.given(tinyPool(Duration.ZERO))
                .when(new ReconfigurePool(POOL, CidrPrefix.parse("10.9.0.0/29"), List.of(Ipv4Range.parse("10.9.0.1-10.9.0.5")),
                        Set.of(), Duration.ZERO, "gateway configuration", T0))
                .expectException(CommandRejectedException.class)
                .expectNoEvents();
    }

    @Test
    void refusesAnAddressAlreadyHeldByALiveSession() {
        // bob asks for alice's address: it is not taken from her; bob gets another one.
        fixture.given(tinyPool(Duration.ZERO), allocated("10.1.0.1", "s1", ALICE, Choice.LEAST_RECENTLY_RELEASED, T0))
                .when(new AllocateAddress(POOL, s("s2"), BOB, ip("10.1.0.1"), GW, T0))
                .expectEvents(allocated("10.1.0.2", "s2", BOB, Choice.LEAST_RECENTLY_RELEASED, T0));
    }

    @Test
    void recordsExhaustionAsARefusalEvent() {
        fixture.given(tinyPool(Duration.ZERO),
                        allocated("10.1.0.1", "s1", ALICE, Choice.LEAST_RECENTLY_RELEASED, T0),
                        allocated("10.1.0.2", "s2", ALICE, Choice.LEAST_RECENTLY_RELEASED, T0),
                        allocated("10.1.0.3", "s3", ALICE, Choice.LEAST_RECENTLY_RELEASED, T0),
                        allocated("10.1.0.4", "s4", ALICE, Choice.LEAST_RECENTLY_RELEASED, T0),
                        allocated("10.1.0.5", "s5", ALICE, Choice.LEAST_RECENTLY_RELEASED, T0))
                .when(allocate("s6", BOB, T0))
                .expectSuccessfulHandlerExecution()
                .expectEvents(new AddressAllocationRefused(POOL, s("s6"), BOB, AddressAllocationRefused.Reason.EXHAUSTED, 5, 0, GW, T0));
    }

    @Test
    void givesAnAccountItsLastAddressBack() {
        Instant t1 = T0.plusSeconds(60);
        fixture.given(tinyPool(Duration.ZERO),
                        allocated("10.1.0.1", "s1", ALICE, Choice.LEAST_RECENTLY_RELEASED, T0),
                        allocated("10.1.0.2", "s2", BOB, Choice.LEAST_RECENTLY_RELEASED, T0),
                        released("10.1.0.2", "s2", BOB, T0.plusSeconds(10)),
                        released("10.1.0.1", "s1", ALICE, T0.plusSeconds(20)))
                .when(allocate("s3", BOB, t1))
                .expectEvents(allocated("10.1.0.2", "s3", BOB, Choice.STICKY, t1));
    }

    @Test
    void prefersTheLeastRecentlyReleasedAddressForOthers() {
        Instant t1 = T0.plusSeconds(60);
        // .3–.5 were never used and come first; then .2 (released before .1).
        fixture.given(tinyPool(Duration.ZERO),
                        allocated("10.1.0.1", "s1", ALICE, Choice.LEAST_RECENTLY_RELEASED, T0),
                        allocated("10.1.0.2", "s2", BOB, Choice.LEAST_RECENTLY_RELEASED, T0),
                        allocated("10.1.0.3", "s3", BOB, Choice.LEAST_RECENTLY_RELEASED, T0),
                        allocated("10.1.0.4", "s4", BOB, Choice.LEAST_RECENTLY_RELEASED, T0),
                        allocated("10.1.0.5", "s5", BOB, Choice.LEAST_RECENTLY_RELEASED, T0),
                        released("10.1.0.2", "s2", BOB, T0.plusSeconds(10)),
                        released("10.1.0.1", "s1", ALICE, T0.plusSeconds(20)))
                .when(allocate("s9", AccountName.of("carol"), t1))
                .expectEvents(allocated("10.1.0.2", "s9", AccountName.of("carol"), Choice.LEAST_RECENTLY_RELEASED, t1));
    }

    /** A 5-minute-quarantine pool, all five addresses taken by alice, .3 released at T0 + 30 s. */
    static List<Object> fullPoolWithOneQuarantinedAddress() {
        return fullPoolWithOneReleasedAddress(Duration.ofMinutes(5));
    }

    /** A pool of {@code quarantine}, all five addresses taken by alice, .3 released at T0 + 30 s. */
    static List<Object> fullPoolWithOneReleasedAddress(Duration quarantine) {
        List<Object> full = new ArrayList<>(List.of(tinyPool(quarantine)));
        for (int i = 1; i <= 5; i++) {
            full.add(allocated("10.1.0." + i, "s" + i, ALICE, Choice.LEAST_RECENTLY_RELEASED, T0));
        }
        full.add(released("10.1.0.3", "s3", ALICE, T0.plusSeconds(30)));
        return full;
    }

    @Test
    void keepsAReleasedAddressFromOtherAccountsDuringQuarantine() {
        Instant soon = T0.plusSeconds(60);
        fixture.given(fullPoolWithOneQuarantinedAddress())
                .when(allocate("s9", BOB, soon))
                .expectEvents(new AddressAllocationRefused(POOL, s("s9"), BOB,
                        AddressAllocationRefused.Reason.ALL_FREE_ADDRESSES_IN_QUARANTINE, 4, 1, GW, soon));
    }

    @Test
    void handsOutAQuarantinedAddressOnceTheQuarantineIsOver() {
        Instant later = T0.plusSeconds(30).plus(Duration.ofMinutes(5));
        fixture.given(fullPoolWithOneQuarantinedAddress())
                .when(allocate("s9", BOB, later))
                .expectEvents(allocated("10.1.0.3", "s9", BOB, Choice.LEAST_RECENTLY_RELEASED, later));
    }

    @Test
    void withoutQuarantineHandsOutAnAddressReleasedAfterTheRequestsOwnTime() {
        // a request retried after conflicts keeps the time it was made; the address was released since
        Instant madeBefore = T0.plusSeconds(10);
        fixture.given(fullPoolWithOneReleasedAddress(Duration.ZERO))
                .when(allocate("s9", BOB, madeBefore))
                .expectEvents(allocated("10.1.0.3", "s9", BOB, Choice.LEAST_RECENTLY_RELEASED, madeBefore));
    }

    @Test
    void refusesAReservedAddressRequested() {
        fixture.given(tinyPool(Duration.ZERO))
                .when(new AllocateAddress(POOL, s("s1"), ALICE, ip("10.1.0.6"), GW, T0))
                .expectException(CommandRejectedException.class)
                .expectExceptionMessage("pool clients: requested address 10.1.0.6 is reserved and never handed out")
                .expectNoEvents();
    }

    @Test
    void refusesTheBroadcastAddressRequested() {
        fixture.given(tinyPool(Duration.ZERO))
                .when(new AllocateAddress(POOL, s("s1"), ALICE, ip("10.1.0.7"), GW, T0))
                .expectException(CommandRejectedException.class)
                .expectNoEvents();
    }

    @Test
    void givesTheRequestedAddressWhenFree() {
        fixture.given(tinyPool(Duration.ZERO))
                .when(new AllocateAddress(POOL, s("s1"), ALICE, ip("10.1.0.4"), GW, T0))
                .expectEvents(allocated("10.1.0.4", "s1", ALICE, Choice.PREFERRED, T0));
    }

    @Test
    void givesASessionThatAsksAgainTheAddressItHoldsAndRecordsNothing() {
        fixture.given(tinyPool(Duration.ZERO), allocated("10.1.0.1", "s1", ALICE, Choice.LEAST_RECENTLY_RELEASED, T0))
                .when(allocate("s1", ALICE, T0.plusSeconds(1)))
                .expectNoEvents()
                .expectResultMessagePayload(ip("10.1.0.1"));
    }

    @Test
    void releasesAnAddressForItsHolder() {
        fixture.given(tinyPool(Duration.ZERO), allocated("10.1.0.1", "s1", ALICE, Choice.LEAST_RECENTLY_RELEASED, T0))
                .when(new ReleaseAddress(POOL, ip("10.1.0.1"), s("s1"), GW, T0.plusSeconds(5)))
                .expectEvents(released("10.1.0.1", "s1", ALICE, T0.plusSeconds(5)));
    }

    @Test
    void refusesAReleaseByANonHolder() {
        fixture.given(tinyPool(Duration.ZERO), allocated("10.1.0.1", "s1", ALICE, Choice.LEAST_RECENTLY_RELEASED, T0))
                .when(new ReleaseAddress(POOL, ip("10.1.0.1"), s("s2"), GW, T0.plusSeconds(5)))
                .expectException(CommandRejectedException.class)
                .expectExceptionMessage("pool clients: session s2 does not hold 10.1.0.1 (another session holds it)")
                .expectNoEvents();
    }

    @Test
    void acceptsARepeatedReleaseByTheFormerHolderAndRecordsNothing() {
        fixture.given(tinyPool(Duration.ZERO), allocated("10.1.0.1", "s1", ALICE, Choice.LEAST_RECENTLY_RELEASED, T0),
                        released("10.1.0.1", "s1", ALICE, T0.plusSeconds(5)))
                .when(new ReleaseAddress(POOL, ip("10.1.0.1"), s("s1"), GW, T0.plusSeconds(6)))
                .expectSuccessfulHandlerExecution()
                .expectNoEvents();
    }

    @Test
    void takesAReservedAddressOutOfCirculation() {
        fixture.given(tinyPool(Duration.ZERO), new AddressReserved(POOL, ip("10.1.0.1"), "printer", "ops", T0))
                .when(allocate("s1", ALICE, T0))
                .expectEvents(allocated("10.1.0.2", "s1", ALICE, Choice.LEAST_RECENTLY_RELEASED, T0));
    }

    @Test
    void refusesToReserveAnAddressHeldByALiveSession() {
        fixture.given(tinyPool(Duration.ZERO), allocated("10.1.0.1", "s1", ALICE, Choice.LEAST_RECENTLY_RELEASED, T0))
                .when(new ReserveAddress(POOL, ip("10.1.0.1"), "printer", "ops", T0))
                .expectException(CommandRejectedException.class)
                .expectNoEvents();
    }

    @Test
    void putsAnUnreservedAddressBackIntoCirculation() {
        fixture.given(tinyPool(Duration.ZERO))
                .when(new UnreserveAddress(POOL, ip("10.1.0.6"), "ops", T0))
                .expectEvents(new AddressUnreserved(POOL, ip("10.1.0.6"), "ops", T0));
    }

    @Test
    void restoresTheSameStateFromASnapshotAsFromItsHistory() throws Exception {
        // A snapshot is the aggregate serialized field by field; its choices must not change.
        com.fasterxml.jackson.databind.ObjectMapper json = new CommandSideAutoConfiguration().defaultAxonObjectMapper();
        List<Object> history = List.of(tinyPool(Duration.ofMinutes(5)),
                allocated("10.1.0.1", "s1", ALICE, Choice.LEAST_RECENTLY_RELEASED, T0),
                allocated("10.1.0.2", "s2", BOB, Choice.LEAST_RECENTLY_RELEASED, T0),
                released("10.1.0.2", "s2", BOB, T0.plusSeconds(10)));
        AggregateTestFixture<AddressPool> f = new AggregateTestFixture<>(AddressPool.class);
        f.given(history).when(allocate("s3", BOB, T0.plusSeconds(11)))
                .expectEvents(allocated("10.1.0.2", "s3", BOB, Choice.STICKY, T0.plusSeconds(11)));
        AddressPool pool = new AddressPool();
        for (Object e : history) {
            Method m = AddressPool.class.getDeclaredMethod("on", e.getClass());
            m.setAccessible(true);
            m.invoke(pool, e);
        }
        String snapshot = json.writeValueAsString(pool);
        AddressPool restored = json.readValue(snapshot, AddressPool.class);
        assertEquals(json.writeValueAsString(restored), snapshot);
        assertEquals(1, restored.heldCount());
        assertEquals(4, restored.freeCount());
        assertTrue(snapshot.contains("\"10.1.0.0/29\""), snapshot);
    }

    @Test
    void aCopyIsTheSameStateAndDoesNotChangeWithThePool() throws Exception {
        com.fasterxml.jackson.databind.ObjectMapper json = new CommandSideAutoConfiguration().defaultAxonObjectMapper();
        AddressPool pool = new AddressPool();
        List<Object> history = List.of(tinyPool(Duration.ofMinutes(5)),
                allocated("10.1.0.1", "s1", ALICE, Choice.LEAST_RECENTLY_RELEASED, T0),
                allocated("10.1.0.2", "s2", BOB, Choice.LEAST_RECENTLY_RELEASED, T0),
                released("10.1.0.2", "s2", BOB, T0.plusSeconds(10)));
        for (Object e : history) {
            apply(pool, e);
        }
        String before = json.writeValueAsString(pool);

        AddressPool copy = pool.copy();
        assertEquals(before, json.writeValueAsString(copy));
        apply(pool, allocated("10.1.0.2", "s3", BOB, Choice.STICKY, T0.plusSeconds(11)));
        apply(pool, released("10.1.0.1", "s1", ALICE, T0.plusSeconds(12)));

        assertEquals(before, json.writeValueAsString(copy), "the copy kept the state it was taken at");
        assertEquals(1, copy.heldCount());
        assertTrue(!before.equals(json.writeValueAsString(pool)));
    }

    private static void apply(AddressPool pool, Object event) throws Exception {
        Method m = AddressPool.class.getDeclaredMethod("on", event.getClass());
        m.setAccessible(true);
        m.invoke(pool, event);
    }
}
