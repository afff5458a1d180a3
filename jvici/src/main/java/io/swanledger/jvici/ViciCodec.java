package io.swanledger.jvici;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/**
 * Encodes and decodes VICI packets and messages (strongSwan's {@code vici} plugin README):
 * <pre>
 * frame   = uint32 length (big endian, not counting itself) + packet
 * packet  = uint8 type [+ uint8 name length + name] [+ message]
 * message = elements: 1 SECTION_START name | 2 SECTION_END | 3 KEY_VALUE name uint16 len + value
 *           | 4 LIST_START name | 5 LIST_ITEM uint16 len + value | 6 LIST_END
 * </pre>
 * The decoder accepts only well-formed input within the protocol's limits and otherwise throws
 * {@link ViciProtocolException}; it never allocates more than the input's size.
 */
public final class ViciCodec {

    /** strongSwan's VICI_MESSAGE_SIZE_MAX / libvici's limit: 512 KiB per packet. */
    public static final int MAX_PACKET = 512 * 1024;
    /** Nesting deeper than this is refused (charon's messages nest a few levels). */
    public static final int MAX_DEPTH = 64;

    static final int SECTION_START = 1;
    static final int SECTION_END = 2;
    static final int KEY_VALUE = 3;
    static final int LIST_START = 4;
    static final int LIST_ITEM = 5;
    static final int LIST_END = 6;

    private ViciCodec() {
    }

    /** The packet without the length prefix. */
    public static byte[] encodePacket(ViciPacket p) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(64);
        out.write(p.type().code());
        if (p.type().named()) {
            writeName(out, p.name());
        }
        encodeMessage(p.message(), out);
        byte[] bytes = out.toByteArray();
        if (bytes.length > MAX_PACKET) {
            throw new IllegalArgumentException("VICI packet of " + bytes.length + " bytes exceeds " + MAX_PACKET);
        }
        return bytes;
    }

    /** The packet with its 4-byte length prefix, ready for the socket. */
    public static byte[] encodeFrame(ViciPacket p) {
        byte[] packet = encodePacket(p);
        byte[] frame = new byte[packet.length + 4];
        frame[0] = (byte) (packet.length >>> 24);
        frame[1] = (byte) (packet.length >>> 16);
        frame[2] = (byte) (packet.length >>> 8);
        frame[3] = (byte) packet.length;
        System.arraycopy(packet, 0, frame, 4, packet.length);
        return frame;
    }

    public static byte[] encodeMessage(ViciMessage m) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(64);
        encodeMessage(m, out);
        return out.toByteArray();
    }

    private static void encodeMessage(ViciMessage m, ByteArrayOutputStream out) {
        for (ViciMessage.Entry e : m.entries()) {
            switch (e.kind()) {
                case VALUE -> {
                    out.write(KEY_VALUE);
                    writeName(out, e.name());
                    writeValue(out, e.rawValue());
                }
                case LIST -> {
                    out.write(LIST_START);
                    writeName(out, e.name());
                    for (byte[] item : e.rawList()) {
                        out.write(LIST_ITEM);
                        writeValue(out, item);
                    }
                    out.write(LIST_END);
                }
                case SECTION -> {
                    out.write(SECTION_START);
                    writeName(out, e.name());
                    encodeMessage(e.section(), out);
                    out.write(SECTION_END);
                }
            }
        }
    }

    private static void writeName(ByteArrayOutputStream out, String name) {
        byte[] b = name.getBytes(StandardCharsets.UTF_8);
        if (b.length < 1 || b.length > 255) {
            throw new IllegalArgumentException("VICI names are 1–255 bytes, not " + b.length);
        }
        out.write(b.length);
        out.write(b, 0, b.length);
    }

    private static void writeValue(ByteArrayOutputStream out, byte[] v) {
        out.write(v.length >>> 8);
        out.write(v.length & 0xff);
        out.write(v, 0, v.length);
    }

    /** Reads the length prefix of a frame; refuses lengths beyond {@link #MAX_PACKET} before anything is allocated. */
    public static int frameLength(byte[] header) throws ViciProtocolException {
        long len = ((header[0] & 0xffL) << 24) | ((header[1] & 0xff) << 16) | ((header[2] & 0xff) << 8) | (header[3] & 0xff);
        if (len < 1 || len > MAX_PACKET) {
            throw new ViciProtocolException("VICI packet length " + len + " outside 1–" + MAX_PACKET);
        }
        return (int) len;
    }

    /** Decodes one packet (without its length prefix). */
    public static ViciPacket decodePacket(byte[] packet) throws ViciProtocolException {
        if (packet.length < 1) {
            throw new ViciProtocolException("empty VICI packet");
        }
        if (packet.length > MAX_PACKET) {
            throw new ViciProtocolException("VICI packet of " + packet.length + " bytes exceeds " + MAX_PACKET);
        }
        Reader r = new Reader(packet, 0);
        PacketType type = PacketType.of(r.u8());
        String name = type.named() ? r.name() : null;
        if (!type.hasMessage() && r.remaining() > 0) {
            throw new ViciProtocolException(type + " packet carries " + r.remaining() + " unexpected bytes");
        }
        ViciMessage message = decodeMessage(r);
        return new ViciPacket(type, name, message);
    }

    /** Decodes a bare message. */
    public static ViciMessage decodeMessage(byte[] message) throws ViciProtocolException {
        return decodeMessage(new Reader(message, 0));
    }

    private static ViciMessage decodeMessage(Reader r) throws ViciProtocolException {
        Deque<ViciMessage.Builder> sections = new ArrayDeque<>();
        Deque<String> sectionNames = new ArrayDeque<>();
        ViciMessage.Builder current = ViciMessage.builder();
        while (r.remaining() > 0) {
            int element = r.u8();
            switch (element) {
                case SECTION_START -> {
                    if (sections.size() >= MAX_DEPTH) {
                        throw new ViciProtocolException("sections nested deeper than " + MAX_DEPTH);
                    }
                    sectionNames.push(r.name());
                    sections.push(current);
                    current = ViciMessage.builder();
                }
                case SECTION_END -> {
                    if (sections.isEmpty()) {
                        throw new ViciProtocolException("SECTION_END without SECTION_START at offset " + (r.pos - 1));
                    }
                    ViciMessage done = current.build();
                    current = sections.pop();
                    current.section(sectionNames.pop(), done);
                }
                case KEY_VALUE -> {
                    String name = r.name();
                    current.put(name, r.value());
                }
                case LIST_START -> {
                    String name = r.name();
                    List<byte[]> items = new ArrayList<>();
                    while (true) {
                        if (r.remaining() == 0) {
                            throw new ViciProtocolException("list '" + name + "' is not terminated");
                        }
                        int t = r.u8();
                        if (t == LIST_END) {
                            break;
                        }
                        if (t != LIST_ITEM) {
                            throw new ViciProtocolException("element type " + t + " inside list '" + name + "'");
                        }
                        items.add(r.value());
                    }
                    current.listBytes(name, items);
                }
                case LIST_ITEM, LIST_END -> throw new ViciProtocolException(
                        (element == LIST_ITEM ? "LIST_ITEM" : "LIST_END") + " outside a list at offset " + (r.pos - 1));
                default -> throw new ViciProtocolException("unknown element type " + element + " at offset " + (r.pos - 1));
            }
        }
        if (!sections.isEmpty()) {
            throw new ViciProtocolException("section '" + sectionNames.peek() + "' is not terminated");
        }
        return current.build();
    }

    /** Bounds-checked reading: every length is checked against what is left before use. */
    private static final class Reader {
        private final byte[] b;
        private int pos;

        Reader(byte[] b, int pos) {
            this.b = b;
            this.pos = pos;
        }

        int remaining() {
            return b.length - pos;
        }

        int u8() throws ViciProtocolException {
            need(1);
            return b[pos++] & 0xff;
        }

        String name() throws ViciProtocolException {
            int len = u8();
            if (len == 0) {
                throw new ViciProtocolException("zero-length name at offset " + (pos - 1));
            }
            need(len);
            try {
                // strict: a name that is not UTF-8 would not survive a round trip (nor be meant)
                String s = StandardCharsets.UTF_8.newDecoder().decode(java.nio.ByteBuffer.wrap(b, pos, len)).toString();
                pos += len;
                return s;
            } catch (java.nio.charset.CharacterCodingException e) {
                throw new ViciProtocolException("name at offset " + (pos - 1) + " is not UTF-8");
            }
        }

        byte[] value() throws ViciProtocolException {
            need(2);
            int len = ((b[pos] & 0xff) << 8) | (b[pos + 1] & 0xff);
            pos += 2;
            need(len);
            byte[] v = new byte[len];
            System.arraycopy(b, pos, v, 0, len);
            pos += len;
            return v;
        }

        private void need(int n) throws ViciProtocolException {
            if (remaining() < n) {
                throw new ViciProtocolException("truncated: " + n + " bytes needed at offset " + pos + ", " + remaining() + " left");
            }
        }
    }
}
