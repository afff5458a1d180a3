package io.swanledger.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.swanledger.api.identity.AccountName;
import io.swanledger.api.identity.Identity;
import io.swanledger.api.identity.SessionId;
import io.swanledger.api.identity.VlanNumber;
import io.swanledger.api.net.CidrPrefix;
import io.swanledger.api.net.Ipv4Address;
import io.swanledger.api.net.Ipv4Range;
import io.swanledger.api.net.PeerEndpoint;
import io.swanledger.api.vlan.AccessPair;
import io.swanledger.api.vlan.LabVlan;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ValueTypesTest {

    @Test
    void parsesAndPrintsDottedQuads() {
        for (String s : new String[] {"0.0.0.0", "10.1.0.37", "255.255.255.255", "192.0.2.1"}) {
            assertEquals(s, Ipv4Address.parse(s).toString());
        }
        assertTrue(Ipv4Address.parse("10.1.0.37").compareTo(Ipv4Address.parse("10.1.0.200")) < 0);
        assertTrue(Ipv4Address.parse("200.0.0.1").compareTo(Ipv4Address.parse("10.0.0.1")) > 0, "unsigned order");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "1", "1.2.3", "1.2.3.4.5", "256.1.1.1", "01.2.3.4", "1..2.3", "1.2.3.", ".1.2.3",
            "1.2.3.4 ", " 1.2.3.4", "a.b.c.d", "1.2.3.-4", "1.2.3.4/32", "localhost", "１.2.3.4", "1.2.3.4\n",
            "99999999999999999999"})
    void refusesMalformedAddresses(String bad) {
        InvalidValueException e = assertThrows(InvalidValueException.class, () -> Ipv4Address.parse(bad));
        assertTrue(e.getMessage().startsWith("IPv4 address: is not a dotted-quad IPv4 address"), e.getMessage());
    }

    @Test
    void parsesRangesAndRefusesBackwardOnes() {
        Ipv4Range r = Ipv4Range.parse("10.1.0.10-10.1.0.250");
        assertEquals(241, r.size());
        assertTrue(r.contains(Ipv4Address.parse("10.1.0.37")));
        assertEquals("10.1.0.10", Ipv4Range.parse("10.1.0.10").toString());
        InvalidValueException e = assertThrows(InvalidValueException.class, () -> Ipv4Range.parse("10.1.0.250-10.1.0.10"));
        assertEquals("address range: starts after it ends (got \"10.1.0.250-10.1.0.10\")", e.getMessage());
        assertThrows(InvalidValueException.class, () -> Ipv4Range.parse("10.0.0.0-10.255.255.255"));
    }

    @Test
    void knowsNetworkBroadcastAndTheSeedsSnatConvention() {
        CidrPrefix p = CidrPrefix.parse("10.2.0.0/24");
        assertEquals(Ipv4Address.parse("10.2.0.255"), p.broadcast());
        assertEquals(Ipv4Address.parse("10.2.0.253"), p.broadcastMinusTwo());
        assertTrue(p.contains(Ipv4Address.parse("10.2.0.1")));
        assertFalse(p.contains(Ipv4Address.parse("10.2.1.1")));
        assertEquals("0.0.0.0/0", CidrPrefix.parse("0.0.0.0/0").toString());
        for (String bad : new String[] {"10.2.0.0", "10.2.0.0/33", "10.2.0.0/", "10.2.0.0/024", "10.2.0.0/2x", "10.2.0.1/24"}) {
            assertThrows(InvalidValueException.class, () -> CidrPrefix.parse(bad), bad);
        }
    }

    @Test
    void parsesIdentitiesOnce() {
        Identity plain = Identity.parse("bob");
        assertEquals(AccountName.of("bob"), plain.account());
        assertNull(plain.vlan());
        Identity lab = Identity.parse("alice@123456");
        assertEquals(VlanNumber.parse("123456"), lab.vlan());
        assertEquals("alice@123456", lab.toString());
        assertEquals(lab.requestedVlan().orElseThrow(), new AccessPair(lab.account(), lab.vlan()).vlan());
    }

    @ParameterizedTest
    @ValueSource(strings = {"DOMAIN\\jdoe", "jdoe@realm", "zoë.müller", "jean pierre", "o'brien", "d\"quote", " lead",
            "trail ", "alice;id", "alice$(id)", "ａlice", "山田太郎", "-alice", ".alice", "alice@", "@1", "alice@12a",
            "alice@realm@"})
    void keepsEveryNameTheUpstreamAcceptsAsSentWithoutAVlan(String name) {
        Identity id = Identity.parse(name);
        assertEquals(name, id.account().value(), "recorded as sent, never trimmed");
        assertEquals(name, id.toString());
        assertNull(id.vlan());
        assertNull(id.unreadableVlan());
        assertEquals(id, Identity.parse(id.toString()), "its text reads back the same");
    }

    @Test
    void keepsTheLongestNameRadiusCarries() {
        String longest = "ü".repeat(126) + "x";
        assertEquals(longest, Identity.parse(longest).account().value());
    }

    @Test
    void readsTheVlanAfterTheLastAtOnly() {
        Identity realm = Identity.parse("jdoe@realm@123456");
        assertEquals(AccountName.of("jdoe@realm"), realm.account());
        assertEquals(VlanNumber.parse("123456"), realm.vlan());
        Identity windows = Identity.parse("CAMPUS\\jdoe@123456");
        assertEquals(AccountName.of("CAMPUS\\jdoe"), windows.account());
        assertEquals(123456, windows.vlan().value());
        assertEquals(AccountName.of("zoë.müller"), Identity.parse("zoë.müller@42").account());
    }

    @ParameterizedTest
    @ValueSource(strings = {"alice@0123456", "alice@0", "alice@1234567890", "alice@00"})
    void keepsDigitsThatAreNoManagementNumberAsAnUnreadableRequest(String sent) {
        Identity id = Identity.parse(sent);
        assertEquals(AccountName.of("alice"), id.account());
        assertNull(id.vlan(), "never guessed at: alice@0123456 does not alias alice@123456");
        assertEquals(sent.substring(6), id.unreadableVlan());
        assertTrue(id.unreadableVlanReason().startsWith("VLAN management number \"" + sent.substring(6) + "\" "), id.unreadableVlanReason());
        assertEquals(sent, id.toString());
        assertThrows(InvalidValueException.class, () -> AccessPair.parse(sent), "an export cannot list it either");
    }

    @Test
    void escapesControlAndBidiCharactersAndKeepsEverythingElse() {
        assertEquals("alice\\u0000", Identity.parse("alice\u0000").toString());
        assertEquals("alice\\u001b[31m", Identity.parse("alice\u001b[31m").account().value());
        assertEquals("evil\\u202egpj.exe", Identity.parse("evil\u202egpj.exe").toString());
        assertEquals("a\\u000ab@123456", Identity.parse("a\nb@123456").toString());
        assertEquals(123456, Identity.parse("a\nb@123456").vlan().value());
        assertThrows(InvalidValueException.class, () -> AccountName.of("raw\u0007bell"), "an account is never raw control text");
    }

    @Test
    void refusesEmptyAndOversizeIdentitiesWithAClearMessage() {
        assertEquals("identity: must not be empty",
                assertThrows(InvalidValueException.class, () -> Identity.parse("")).getMessage());
        InvalidValueException e = assertThrows(InvalidValueException.class, () -> Identity.parse("ü".repeat(127)));
        assertTrue(e.getMessage().startsWith("identity: is 254 UTF-8 octets long, at most 253 allowed"), e.getMessage());
        assertThrows(InvalidValueException.class, () -> Identity.parse(null));
    }

    @Test
    void quotesATenKilobyteInputShortly() {
        InvalidValueException e = assertThrows(InvalidValueException.class, () -> AccountName.of("x".repeat(10_240)));
        assertEquals("account: is 10240 characters long, at most 512 allowed (got \"" + "x".repeat(48) + "\"… (10240 characters))",
                e.getMessage());
    }

    @Test
    void validatesSessionIdsPeersAndLabVlans() {
        assertThrows(InvalidValueException.class, () -> SessionId.of("a b"));
        assertThrows(InvalidValueException.class, () -> SessionId.of("x".repeat(65)));
        assertEquals("2001:db8:0:0:0:0:0:1", new PeerEndpoint("2001:db8::1", 500).address());
        assertThrows(InvalidValueException.class, () -> PeerEndpoint.of("evil.example.org"));
        assertThrows(InvalidValueException.class, () -> new PeerEndpoint("192.0.2.1", 70000));
        CidrPrefix p = CidrPrefix.parse("10.2.0.0/24");
        Ipv4Address gw = Ipv4Address.parse("10.2.0.254");
        assertThrows(InvalidValueException.class, () -> LabVlan.withDefaults(VlanNumber.parse("1"), "ens3.1 x", p, gw));
        assertThrows(InvalidValueException.class, () -> LabVlan.withDefaults(VlanNumber.parse("1"), "ens3.1", p, Ipv4Address.parse("10.3.0.1")));
        assertThrows(InvalidValueException.class, () -> new LabVlan(VlanNumber.parse("1"), "ens3.1", p, gw, Ipv4Address.parse("10.2.0.253"), 254));
        assertThrows(InvalidValueException.class, () -> new LabVlan(VlanNumber.parse("1"), "ens3.1", p, gw, gw, 100));
    }

    @Test
    void serializesValuesAsTheirCanonicalText() throws Exception {
        ObjectMapper json = new ObjectMapper().findAndRegisterModules().disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);
        LabVlan lab = LabVlan.withDefaults(VlanNumber.parse("123456"), "ens3.1", CidrPrefix.parse("10.2.0.0/24"),
                Ipv4Address.parse("10.2.0.254"));
        String text = json.writeValueAsString(lab);
        assertEquals("{\"number\":\"123456\",\"interfaceName\":\"ens3.1\",\"prefix\":\"10.2.0.0/24\",\"gateway\":\"10.2.0.254\","
                + "\"snatAddress\":\"10.2.0.253\",\"table\":123456}", text);
        assertEquals(lab, json.readValue(text, LabVlan.class));
        assertEquals(Identity.parse("alice@123456"), json.readValue("\"alice@123456\"", Identity.class));
        assertEquals(Identity.parse("jdoe@realm@7"), json.readValue("\"jdoe@realm@7\"", Identity.class));
        assertThrows(Exception.class, () -> json.readValue("\"\"", Identity.class));
    }
}
