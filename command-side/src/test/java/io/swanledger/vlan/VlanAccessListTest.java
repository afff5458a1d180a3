package io.swanledger.vlan;

import static io.swanledger.Fixtures.ALICE;
import static io.swanledger.Fixtures.ALICE_AT_LAB;
import static io.swanledger.Fixtures.BOB;
import static io.swanledger.Fixtures.LAB;
import static io.swanledger.Fixtures.T0;
import static io.swanledger.Fixtures.VLAN;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.swanledger.api.InvalidValueException;
import io.swanledger.api.identity.Identity;
import io.swanledger.api.identity.VlanNumber;
import io.swanledger.api.net.CidrPrefix;
import io.swanledger.api.net.Ipv4Address;
import io.swanledger.api.session.VlanRouteDenied;
import io.swanledger.api.vlan.AccessListChanges;
import io.swanledger.api.vlan.AccessListImported;
import io.swanledger.api.vlan.AccessPair;
import io.swanledger.api.vlan.AccessPairGranted;
import io.swanledger.api.vlan.AccessPairRevoked;
import io.swanledger.api.vlan.ImportAccessList;
import io.swanledger.api.vlan.LabVlan;
import io.swanledger.api.vlan.LabVlanChanged;
import io.swanledger.api.vlan.LabVlanRegistered;
import io.swanledger.api.vlan.LabVlanUnregistered;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class VlanAccessListTest {

    static final String ID = ImportAccessList.CAMPUS;
    static final Instant T1 = T0.plusSeconds(3600);
    static final LabVlan LAB2 = LabVlan.withDefaults(VlanNumber.parse("234567"), "ens3.2", CidrPrefix.parse("10.3.0.0/24"),
            Ipv4Address.parse("10.3.0.254"));
    static final AccessPair BOB_AT_LAB = new AccessPair(BOB, VLAN);

    private AggregateTestFixture<VlanAccessList> fixture;

    @BeforeEach
    void setUp() {
        fixture = new AggregateTestFixture<>(VlanAccessList.class);
    }

    static ImportAccessList importing(List<LabVlan> vlans, Set<AccessPair> pairs, Instant at) {
        return new ImportAccessList(ID, vlans, pairs, "kuins-db-export", "importer", at);
    }

    @Test
    void previewsTheFirstImportWithoutRecordingAnything() {
        fixture.givenNoPriorActivity()
                .when(importing(List.of(LAB), Set.of(ALICE_AT_LAB), T0).asDryRun())
                .expectNoEvents()
                .expectResultMessagePayload(new AccessListChanges(false, List.of("123456"), List.of(), List.of(),
                        List.of("alice@123456"), List.of()));
    }

    @Test
    void previewsTheDiffAgainstTheListInForce() {
        fixture.given(new LabVlanRegistered(ID, LAB, "kuins-db-export", T0),
                        new AccessPairGranted(ID, ALICE_AT_LAB, "kuins-db-export", T0),
                        new AccessListImported(ID, "kuins-db-export", "importer", 1, 1, 1, 1, T0))
                .when(importing(List.of(LAB, LAB2), Set.of(BOB_AT_LAB), T1).asDryRun())
                .expectNoEvents()
                .expectResultMessagePayload(new AccessListChanges(false, List.of("234567"), List.of(), List.of(),
                        List.of("bob@123456"), List.of("alice@123456")));
    }

    @Test
    void answersAnAppliedImportWithWhatItChanged() {
        fixture.given(new LabVlanRegistered(ID, LAB, "kuins-db-export", T0),
                        new AccessPairGranted(ID, ALICE_AT_LAB, "kuins-db-export", T0),
                        new AccessListImported(ID, "kuins-db-export", "importer", 1, 1, 1, 1, T0))
                .when(importing(List.of(LAB), Set.of(), T1))
                .expectResultMessagePayload(new AccessListChanges(true, List.of(), List.of(), List.of(), List.of(),
                        List.of("alice@123456")));
    }

    @Test
    void recordsEverythingOnTheFirstImport() {
        fixture.givenNoPriorActivity()
                .when(importing(List.of(LAB), Set.of(ALICE_AT_LAB), T0))
                .expectEvents(new LabVlanRegistered(ID, LAB, "kuins-db-export", T0),
                        new AccessPairGranted(ID, ALICE_AT_LAB, "kuins-db-export", T0),
                        new AccessListImported(ID, "kuins-db-export", "importer", 1, 1, 1, 1, T0));
    }

    @Test
    void recordsNothingForAnIdenticalImport() {
        fixture.given(new LabVlanRegistered(ID, LAB, "x", T0), new AccessPairGranted(ID, ALICE_AT_LAB, "x", T0))
                .when(importing(List.of(LAB), Set.of(ALICE_AT_LAB), T1))
                .expectSuccessfulHandlerExecution()
                .expectNoEvents();
    }

    @Test
    void recordsOnlyTheDifferencesWithdrawalsFirst() {
        LabVlan moved = new LabVlan(VLAN, "ens3.9", LAB.prefix(), LAB.gateway(), LAB.snatAddress(), LAB.table());
        fixture.given(new LabVlanRegistered(ID, LAB, "x", T0), new LabVlanRegistered(ID, LAB2, "x", T0),
                        new AccessPairGranted(ID, ALICE_AT_LAB, "x", T0))
                .when(importing(List.of(moved), Set.of(BOB_AT_LAB), T1))
                .expectEvents(new AccessPairRevoked(ID, ALICE_AT_LAB, "kuins-db-export", T1),
                        new LabVlanUnregistered(ID, LAB2, "kuins-db-export", T1),
                        new LabVlanChanged(ID, LAB, moved, "kuins-db-export", T1),
                        new AccessPairGranted(ID, BOB_AT_LAB, "kuins-db-export", T1),
                        new AccessListImported(ID, "kuins-db-export", "importer", 1, 1, 2, 2, T1));
    }

    @Test
    void refusesAPairWhoseVlanTheSnapshotDoesNotRegister() {
        InvalidValueException e = assertThrows(InvalidValueException.class,
                () -> importing(List.of(LAB), Set.of(AccessPair.parse("alice@999")), T0));
        assertEquals("pairs: pair alice@999 names VLAN 999, which the snapshot does not register", e.getMessage());
    }

    @Test
    void refusesAVlanListedTwice() {
        assertThrows(InvalidValueException.class, () -> importing(List.of(LAB, LAB), Set.of(), T0));
    }

    @Test
    void defaultsTheSnatAddressToBroadcastMinusTwo() {
        assertEquals(Ipv4Address.parse("10.2.0.253"), LAB.snatAddress());
        assertEquals(123456, LAB.table());
        assertEquals("gw123456", LAB.tableName());
    }

    @Test
    void decidesOnTheAuthenticatedAccountOnly() {
        AccessListView listsAlice = pair -> new AccessListView.Lookup(LAB, pair.equals(ALICE_AT_LAB));
        VlanDecision mismatch = VlanDecision.decide(Identity.parse("alice@123456"), BOB, true, listsAlice);
        assertEquals(VlanRouteDenied.Reason.IDENTITY_MISMATCH, mismatch.denial());
        assertTrue(VlanDecision.decide(Identity.parse("alice@123456"), ALICE, true, listsAlice).granted());
    }
}
