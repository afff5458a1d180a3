package io.swanledger.vlan;

import static io.swanledger.Fixtures.LAB;
import static io.swanledger.Fixtures.T0;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.swanledger.api.net.Ipv4Address;
import io.swanledger.api.vlan.AccessPair;
import io.swanledger.api.vlan.ImportAccessList;
import io.swanledger.api.vlan.LabVlan;
import java.io.IOException;
import java.io.StringReader;
import java.util.Set;
import org.junit.jupiter.api.Test;

class AccessListExportTest {

    static ImportAccessList parse(String text) throws IOException {
        return AccessListExport.parse("kuins-db.txt", new StringReader(text), "importer", T0);
    }

    static AccessListExport.InvalidExportException refused(String text) {
        return assertThrows(AccessListExport.InvalidExportException.class, () -> parse(text));
    }

    @Test
    void readsVlansAndPairsWithTheSeedsDefaults() throws IOException {
        ImportAccessList i = parse("""
                \uFEFF# KUINS-DB lab VLAN export 2026-03-12
                vlan 123456 ens3.1 10.2.0.0/24 10.2.0.254
                vlan\t234567\tens3.2\t10.3.0.0/24\t10.3.0.254\t10.3.0.250\t1234   # explicit SNAT and table\r
                pair alice@123456
                pair bob@234567

                pair alice@123456
                """);
        assertEquals(2, i.vlans().size());
        assertEquals(LAB, i.vlans().get(0));
        LabVlan second = i.vlans().get(1);
        assertEquals(Ipv4Address.parse("10.3.0.250"), second.snatAddress());
        assertEquals(1234, second.table());
        assertEquals(Set.of(AccessPair.parse("alice@123456"), AccessPair.parse("bob@234567")), i.pairs());
        assertEquals("kuins-db.txt", i.source());
    }

    @Test
    void refusesTheWholeExportListingEveryBadLine() {
        AccessListExport.InvalidExportException e = refused("""
                vlan 123456 ens3.1 10.2.0.0/24 10.2.0.254
                pair alice@0123456
                vlan 0123 ens3.2 10.3.0.0/24 10.3.0.254
                vlan 345678 ens3.3 10.4.0.5/24 10.4.0.254
                pair carol@999
                route add default
                vlan 123456 ens3.9 10.5.0.0/24 10.5.0.254
                """);
        assertEquals(6, e.problems().size(), e.getMessage());
        assertTrue(e.problems().get(0).startsWith("line 2: access pair: VLAN management number \"0123456\" must not start with 0 (got \"alice@0123456\")"), e.problems().get(0));
        assertTrue(e.problems().get(1).startsWith("line 3: VLAN management number: must not start with 0"), e.problems().get(1));
        assertTrue(e.problems().get(2).startsWith("line 4: prefix: has host bits set"), e.problems().get(2));
        assertTrue(e.problems().get(3).startsWith("line 6: record: must start with 'vlan' or 'pair'"), e.problems().get(3));
        assertTrue(e.problems().get(4).startsWith("line 7: vlan: VLAN 123456 is already defined on line 1"), e.problems().get(4));
        assertTrue(e.problems().get(5).startsWith("line 5: pair carol@999 names VLAN 999"), e.problems().get(5));
        assertTrue(e.getMessage().startsWith("export \"kuins-db.txt\": 6 bad lines, nothing imported:"), e.getMessage());
    }

    @Test
    void refusesControlCharactersOverlongLinesAndBinaryJunk() {
        assertTrue(refused("vlan 1 ens3.1 10.2.0.0/24 10.2.0.254\npair al\u0000ice@1\n").problems().get(0).startsWith("line 2: contains a control character at position 7"));
        assertTrue(refused("pair " + "a".repeat(5000) + "@1\n").problems().get(0).startsWith("line 1: longer than 1024"));
        assertTrue(refused("\u0007\u0001\u00ff\u00fe junk").problems().get(0).startsWith("line 1: contains a control character"));
    }

    @Test
    void boundsTheReportOfAHopelessFile() {
        AccessListExport.InvalidExportException e = refused("nonsense\n".repeat(100));
        assertEquals(AccessListExport.MAX_REPORTED, e.problems().size());
        assertTrue(e.getMessage().endsWith("… and 80 more"), e.getMessage());
    }

    @Test
    void readsAnEmptyExportAsAnEmptyList() throws IOException {
        ImportAccessList i = parse("# nothing registered\n");
        assertTrue(i.vlans().isEmpty() && i.pairs().isEmpty());
    }
}
