package io.swanledger.jvici;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class ViciCodecTest {

    static byte[] bytes(int... v) {
        byte[] b = new byte[v.length];
        for (int i = 0; i < v.length; i++) {
            b[i] = (byte) v[i];
        }
        return b;
    }

    static byte[] concat(byte[]... parts) {
        int n = 0;
        for (byte[] p : parts) {
            n += p.length;
        }
        byte[] out = new byte[n];
        int o = 0;
        for (byte[] p : parts) {
            System.arraycopy(p, 0, out, o, p.length);
            o += p.length;
        }
        return out;
    }

    static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    // Golden vectors, written by hand from the protocol description (strongSwan's vici README).

    @Test
    void encodesAVersionRequestFrame() {
        // length 8 | CMD_REQUEST(0) | name length 7 | "version"
        assertArrayEquals(concat(bytes(0, 0, 0, 9, 0, 7), ascii("version")),
                ViciCodec.encodeFrame(ViciPacket.request("version", ViciMessage.EMPTY)));
    }

    @Test
    void encodesAnEventRegistration() {
        assertArrayEquals(concat(bytes(3, 10), ascii("ike-updown")),
                ViciCodec.encodePacket(new ViciPacket(PacketType.EVENT_REGISTER, "ike-updown", null)));
    }

    @Test
    void encodesKeyValuesListsAndSections() {
        ViciMessage m = ViciMessage.builder()
                .put("key1", "value1")
                .section("section1", s -> s.section("sub-section", ss -> ss.put("key2", "value2"))
                        .list("list1", "item1", "item2"))
                .build();
        byte[] expected = concat(
                bytes(3, 4), ascii("key1"), bytes(0, 6), ascii("value1"),
                bytes(1, 8), ascii("section1"),
                bytes(1, 11), ascii("sub-section"),
                bytes(3, 4), ascii("key2"), bytes(0, 6), ascii("value2"),
                bytes(2),
                bytes(4, 5), ascii("list1"),
                bytes(5, 0, 5), ascii("item1"),
                bytes(5, 0, 5), ascii("item2"),
                bytes(6),
                bytes(2));
        assertArrayEquals(expected, ViciCodec.encodeMessage(m));
    }

    @Test
    void decodesAnEventWithNestedSections() throws Exception {
        byte[] packet = concat(bytes(7, 10), ascii("ike-updown"),
                bytes(3, 2), ascii("up"), bytes(0, 3), ascii("yes"),
                bytes(1, 4), ascii("conn"),
                bytes(3, 8), ascii("uniqueid"), bytes(0, 1), ascii("7"),
                bytes(4, 11), ascii("remote-vips"), bytes(5, 0, 9), ascii("10.1.0.10"), bytes(6),
                bytes(2));
        ViciPacket p = ViciCodec.decodePacket(packet);
        assertEquals(PacketType.EVENT, p.type());
        assertEquals("ike-updown", p.name());
        assertEquals("yes", p.message().string("up"));
        assertEquals(7, p.message().section("conn").longValue("uniqueid"));
        assertEquals(List.of("10.1.0.10"), p.message().section("conn").strings("remote-vips"));
    }

    @Test
    void decodesUnnamedResponses() throws Exception {
        assertEquals(PacketType.EVENT_CONFIRM, ViciCodec.decodePacket(bytes(5)).type());
        assertEquals(PacketType.CMD_UNKNOWN, ViciCodec.decodePacket(bytes(2)).type());
        ViciPacket r = ViciCodec.decodePacket(concat(bytes(1, 3, 7), ascii("success"), bytes(0, 3), ascii("yes")));
        assertEquals(PacketType.CMD_RESPONSE, r.type());
        assertEquals(true, r.message().optBoolean("success").orElseThrow());
    }

    @Test
    void keepsValuesBinarySafe() throws Exception {
        byte[] binary = new byte[256];
        for (int i = 0; i < 256; i++) {
            binary[i] = (byte) i;
        }
        ViciMessage m = ViciMessage.builder().put("blob", binary).build();
        assertArrayEquals(binary, ViciCodec.decodeMessage(ViciCodec.encodeMessage(m)).entry("blob").orElseThrow().value());
    }

    @Test
    void enforcesTheProtocolLimitsWhenBuilding() {
        assertThrows(IllegalArgumentException.class, () -> ViciMessage.builder().put("", "x"));
        assertThrows(IllegalArgumentException.class, () -> ViciMessage.builder().put("k".repeat(256), "x"));
        assertThrows(IllegalArgumentException.class, () -> ViciMessage.builder().put("k", new byte[65_536]));
        ViciMessage.builder().put("k".repeat(255), new byte[65_535]).build();
    }

    @Test
    void refusesAHostileLengthBeforeAllocating() {
        ViciProtocolException e = assertThrows(ViciProtocolException.class, () -> ViciCodec.frameLength(bytes(0x7f, 0xff, 0xff, 0xff)));
        assertTrue(e.getMessage().contains("2147483647"), e.getMessage());
        assertThrows(ViciProtocolException.class, () -> ViciCodec.frameLength(bytes(0, 0, 0, 0)));
        assertThrows(ViciProtocolException.class, () -> ViciCodec.frameLength(bytes(0, 8, 0, 1)));
        assertEquals(512 * 1024, assertDoesNotThrow(() -> ViciCodec.frameLength(bytes(0, 8, 0, 0))));
    }

    static int assertDoesNotThrow(ThrowingInt f) {
        try {
            return f.get();
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    interface ThrowingInt {
        int get() throws Exception;
    }

    @Test
    void refusesMalformedMessages() {
        List<byte[]> bad = List.of(
                bytes(),                                       // empty packet
                bytes(8),                                      // unknown packet type
                bytes(0),                                      // CMD_REQUEST without name
                bytes(0, 0),                                   // zero-length name
                bytes(0, 5, 'a'),                              // name longer than the packet
                concat(bytes(5), bytes(3)),                    // EVENT_CONFIRM with a body
                concat(bytes(1, 2)),                           // SECTION_END without start
                concat(bytes(1, 1, 1), ascii("s")),            // unterminated section
                concat(bytes(1, 3, 1), ascii("k"), bytes(0, 9), ascii("short")), // value longer than the packet
                concat(bytes(1, 5, 0, 1), ascii("x")),         // LIST_ITEM outside a list
                concat(bytes(1, 4, 1), ascii("l")),            // unterminated list
                concat(bytes(1, 4, 1), ascii("l"), bytes(3)),  // KEY_VALUE inside a list
                concat(bytes(1, 9)));                          // unknown element
        for (byte[] b : bad) {
            assertThrows(ViciProtocolException.class, () -> ViciCodec.decodePacket(b), () -> java.util.Arrays.toString(b));
        }
    }

    @Test
    void refusesNestingBeyondTheLimit() {
        byte[] deep = new byte[1 + (ViciCodec.MAX_DEPTH + 1) * 3];
        deep[0] = 1;
        for (int i = 0; i <= ViciCodec.MAX_DEPTH; i++) {
            deep[1 + i * 3] = 1;
            deep[2 + i * 3] = 1;
            deep[3 + i * 3] = 's';
        }
        assertThrows(ViciProtocolException.class, () -> ViciCodec.decodePacket(deep));
    }

    // Round-trip property: any message the builder accepts survives encode → decode unchanged.

    static ViciMessage randomMessage(Random r, int depth) {
        ViciMessage.Builder b = ViciMessage.builder();
        int n = r.nextInt(6);
        for (int i = 0; i < n; i++) {
            String name = randomName(r);
            switch (depth < 4 ? r.nextInt(3) : r.nextInt(2)) {
                case 0 -> b.put(name, randomBytes(r));
                case 1 -> {
                    List<byte[]> items = new ArrayList<>();
                    for (int k = r.nextInt(4); k > 0; k--) {
                        items.add(randomBytes(r));
                    }
                    b.listBytes(name, items);
                }
                default -> b.section(name, randomMessage(r, depth + 1));
            }
        }
        return b.build();
    }

    static String randomName(Random r) {
        StringBuilder s = new StringBuilder();
        for (int i = 1 + r.nextInt(r.nextInt(10) == 0 ? 255 : 12); i > 0; i--) {
            s.append((char) ('!' + r.nextInt(94)));
        }
        return s.toString();
    }

    static byte[] randomBytes(Random r) {
        byte[] b = new byte[r.nextInt(r.nextInt(20) == 0 ? 65_536 : 40)];
        r.nextBytes(b);
        return b;
    }

    @Test
    void roundTripsRandomMessages() throws Exception {
        Random r = new Random(7);
        for (int i = 0; i < 2000; i++) {
            ViciMessage m = randomMessage(r, 0);
            PacketType type = r.nextBoolean() ? PacketType.EVENT : PacketType.CMD_RESPONSE;
            ViciPacket p = new ViciPacket(type, type.named() ? randomName(r) : null, m);
            byte[] encoded;
            try {
                encoded = ViciCodec.encodePacket(p);
            } catch (IllegalArgumentException tooBig) {
                continue; // over 512 KiB: refused on encode, as it must be
            }
            ViciPacket back = ViciCodec.decodePacket(encoded);
            assertEquals(p, back);
            assertArrayEquals(encoded, ViciCodec.encodePacket(back));
        }
    }

    // Fuzz: random and mutated inputs yield a packet or the declared exception, nothing else.

    @Test
    void decodesFuzzedInputWithOnlyTheDeclaredException() {
        Random r = new Random(11);
        long maxUsed = 0;
        int refused = 0;
        for (int i = 0; i < 50_000; i++) {
            byte[] input;
            if (i % 2 == 0) {
                input = new byte[1 + r.nextInt(64)];
                r.nextBytes(input);
            } else {
                ViciMessage m = randomMessage(r, 0);
                byte[] valid = ViciCodec.encodePacket(new ViciPacket(PacketType.EVENT, "list-sa", m));
                input = valid.clone();
                for (int k = 1 + r.nextInt(4); k > 0; k--) {
                    switch (r.nextInt(3)) {
                        case 0 -> input[r.nextInt(input.length)] = (byte) r.nextInt(256);
                        case 1 -> input = java.util.Arrays.copyOf(input, Math.max(1, r.nextInt(input.length + 1)));
                        default -> {
                            byte[] longer = java.util.Arrays.copyOf(input, input.length + 1 + r.nextInt(8));
                            longer[input.length] = (byte) r.nextInt(256);
                            input = longer;
                        }
                    }
                }
            }
            try {
                ViciPacket p = ViciCodec.decodePacket(input);
                maxUsed = Math.max(maxUsed, ViciCodec.encodePacket(p).length);
            } catch (ViciProtocolException e) {
                refused++;
            } catch (RuntimeException e) {
                throw new AssertionError("undeclared " + e + " for " + java.util.Arrays.toString(input), e);
            }
        }
        assertTrue(refused > 10_000, "most fuzzed inputs are refused: " + refused);
        assertTrue(maxUsed <= ViciCodec.MAX_PACKET, "decoded size bounded by input");
    }
}
