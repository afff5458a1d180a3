package io.swanledger.radius;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.tinyradius.core.dictionary.DefaultDictionary;

class WireTest {

    private static final byte[] SECRET = "s3cret".getBytes(StandardCharsets.UTF_8);

    private static byte[] signedRequest() {
        try (NasClient nas = new NasClient("127.0.0.1", new InetSocketAddress("127.0.0.1", 9))) {
            return nas.accessRequest(NasClient.strongSwanFirstRound("alice@123456", "1-1"), "s3cret");
        }
    }

    @Test
    void digestsStayRightCallAfterCallOnOneThreadEvenAfterACallThatFailedHalfWay() {
        byte[] key = new byte[16];
        Arrays.fill(key, (byte) 0x0b);
        byte[] hiThere = "Hi There".getBytes(StandardCharsets.US_ASCII);
        byte[] abc = "abc".getBytes(StandardCharsets.US_ASCII);
        for (int i = 0; i < 3; i++) {
            // RFC 1321's and RFC 2104's test vectors
            assertEquals("900150983cd24fb0d6963f7d28e17f72", hex(Wire.md5(abc)));
            assertEquals("900150983cd24fb0d6963f7d28e17f72", hex(Wire.md5("a".getBytes(StandardCharsets.US_ASCII), "bc".getBytes(StandardCharsets.US_ASCII))));
            assertEquals("9294727a3638bb1c13f48ef8158bfc9d", hex(Wire.hmacMd5(key, hiThere)));
            org.junit.jupiter.api.Assertions.assertThrows(NullPointerException.class, () -> Wire.md5(abc, null));
        }
    }

    private static String hex(byte[] bytes) {
        StringBuilder s = new StringBuilder();
        for (byte b : bytes) {
            s.append(String.format("%02x", b));
        }
        return s.toString();
    }

    @Test
    void acceptsAWellFormedPacketAndReadsItsAttributesInOrder() {
        byte[] p = signedRequest();
        assertNull(Wire.malformation(p, p.length));
        List<Wire.Attr> attrs = Wire.attributes(p);
        assertEquals(Wire.USER_NAME, attrs.get(0).type());
        assertEquals("alice@123456", attrs.get(0).text());
        assertEquals(Wire.MESSAGE_AUTHENTICATOR, attrs.get(attrs.size() - 1).type());
    }

    @Test
    void ignoresPaddingAfterTheDeclaredLength() {
        byte[] p = signedRequest();
        byte[] padded = Arrays.copyOf(p, p.length + 7);
        assertNull(Wire.malformation(padded, padded.length));
    }

    @Test
    void namesWhatIsWrongWithAMalformedPacket() {
        byte[] p = signedRequest();
        assertTrue(Wire.malformation(p, 19).contains("shorter than a RADIUS header"));
        assertTrue(Wire.malformation(Arrays.copyOf(p, p.length - 1), p.length - 1).contains("exceeds"));
        byte[] zeroLength = p.clone();
        zeroLength[21] = 0;
        assertTrue(Wire.malformation(zeroLength, zeroLength.length).contains("claims length 0"));
        byte[] tooLong = new byte[4097];
        assertNotNull(Wire.malformation(tooLong, tooLong.length));
    }

    @Test
    void verifiesTheMessageAuthenticatorOfARequest() {
        byte[] p = signedRequest();
        assertTrue(Wire.messageAuthenticatorValid(p, Wire.authenticator(p), SECRET));
        assertFalse(Wire.messageAuthenticatorValid(p, Wire.authenticator(p), "other".getBytes(StandardCharsets.UTF_8)));
        byte[] flipped = p.clone();
        flipped[25] ^= 0x20;
        assertFalse(Wire.messageAuthenticatorValid(flipped, Wire.authenticator(flipped), SECRET));
    }

    @Test
    void refusesTwoMessageAuthenticators() {
        byte[] p = signedRequest();
        byte[] twice = Arrays.copyOf(p, p.length + 18);
        System.arraycopy(p, p.length - 18, twice, p.length, 18);
        twice[2] = (byte) (twice.length >>> 8);
        twice[3] = (byte) twice.length;
        assertFalse(Wire.messageAuthenticatorValid(twice, Wire.authenticator(twice), SECRET));
    }

    /** What tinyradius-netty made of the same answer, the encoder {@link Replies} replaced. */
    private static byte[] byTinyradius(int code, byte[] request, List<Wire.Attr> attributes) throws Exception {
        Replies replies = new Replies(DefaultDictionary.INSTANCE);
        List<org.tinyradius.core.attribute.type.RadiusAttribute> all = new java.util.ArrayList<>(replies.forRelay(attributes));
        all.addAll(replies.forRelay(Wire.attributes(request).stream().filter(a -> a.type() == Wire.PROXY_STATE).toList()));
        return org.tinyradius.core.packet.response.RadiusResponse.create(DefaultDictionary.INSTANCE, (byte) code,
                (byte) Wire.identifier(request), null, all).encodeResponse("s3cret", Wire.authenticator(request)).toBytes();
    }

    @Test
    void encodesEachKindOfAnswerByteForByteAsTinyradiusDid() throws Exception {
        Replies replies = new Replies(DefaultDictionary.INSTANCE);
        try (NasClient nas = new NasClient("127.0.0.1", new InetSocketAddress("127.0.0.1", 9))) {
            byte[] request = nas.accessRequest(NasClient.strongSwanFirstRound("bob", "1-2").add(33, "hop-1")
                    .add(33, "hop-2"), "s3cret");
            List<Wire.Attr> accept = List.of(replies.attribute(Wire.EAP_MESSAGE, new byte[] {3, 7, 0, 4}),
                    replies.vendorAttribute(Wire.VENDOR_MICROSOFT, Wire.MS_MPPE_SEND_KEY, new byte[34]),
                    replies.attribute(Wire.ACCT_INTERIM_INTERVAL, new byte[] {0, 0, 2, 88}),
                    replies.attribute(Wire.FRAMED_IP_ADDRESS, new byte[] {10, 8, 0, 1}),
                    replies.attribute(Wire.CLASS, "3f2b9c1e-0000-4000-8000-000000000001"));
            List<Wire.Attr> challenge = List.of(replies.attribute(Wire.EAP_MESSAGE, new byte[253]),
                    replies.attribute(Wire.EAP_MESSAGE, new byte[40]), replies.attribute(Wire.STATE, new byte[16]));
            for (var answer : List.of(java.util.Map.entry(Wire.ACCESS_ACCEPT, accept),
                    java.util.Map.entry(Wire.ACCESS_CHALLENGE, challenge), java.util.Map.entry(Wire.ACCESS_REJECT,
                            List.<Wire.Attr>of()), java.util.Map.entry(Wire.ACCOUNTING_RESPONSE, List.<Wire.Attr>of()))) {
                assertEquals(java.util.HexFormat.of().formatHex(byTinyradius(answer.getKey(), request, answer.getValue())),
                        java.util.HexFormat.of().formatHex(replies.encode(answer.getKey(), request, answer.getValue(), SECRET)),
                        "code " + answer.getKey());
            }
        }
    }

    @Test
    void refusesAnAttributeLongerThanRadiusCarries() {
        Replies replies = new Replies(DefaultDictionary.INSTANCE);
        org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> replies.attribute(Wire.CLASS, new byte[254]));
    }

    @Test
    void verifiesRepliesSignedByTinyradius() {
        byte[] request = signedRequest();
        Replies replies = new Replies(DefaultDictionary.INSTANCE);
        byte[] reply = replies.encode(Wire.ACCESS_ACCEPT, request, List.of(replies.attribute(Wire.CLASS, "x")), SECRET);
        byte[] requestAuth = Wire.authenticator(request);
        assertTrue(Wire.responseAuthenticatorValid(reply, requestAuth, SECRET));
        assertTrue(Wire.messageAuthenticatorValid(reply, requestAuth, SECRET));
        assertFalse(Wire.responseAuthenticatorValid(reply, new byte[16], SECRET));
        assertEquals(Wire.identifier(request), Wire.identifier(reply));
    }

    @Test
    void echoesTheNasProxyStateInItsReplies() {
        try (NasClient nas = new NasClient("127.0.0.1", new InetSocketAddress("127.0.0.1", 9))) {
            byte[] request = nas.accessRequest(NasClient.strongSwanFirstRound("bob", "1-2").add(33, "hop-1")
                    .add(33, "hop-2"), "s3cret");
            Replies replies = new Replies(DefaultDictionary.INSTANCE);
            byte[] reply = replies.encode(Wire.ACCESS_REJECT, request, List.of(), SECRET);
            List<String> states = Wire.attributes(reply).stream().filter(a -> a.type() == Wire.PROXY_STATE)
                    .map(Wire.Attr::text).toList();
            assertEquals(List.of("hop-1", "hop-2"), states);
        }
    }

    @Test
    void verifiesAnAccountingRequestAuthenticator() {
        try (NasClient nas = new NasClient("127.0.0.1", new InetSocketAddress("127.0.0.1", 9))) {
            byte[] p = nas.accountingRequest(new NasClient.Attrs().addInt(40, 1).add(44, "1-1"), "s3cret");
            assertTrue(Wire.accountingRequestAuthenticatorValid(p, SECRET));
            assertFalse(Wire.accountingRequestAuthenticatorValid(p, "other".getBytes(StandardCharsets.UTF_8)));
        }
    }
}
