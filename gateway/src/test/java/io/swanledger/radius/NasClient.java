package io.swanledger.radius;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Arrays;

/**
 * A hand-built RADIUS client for the tests: it can send what no well-behaved NAS would — no or a
 * wrong Message-Authenticator, lying lengths, truncated packets — and read the answer, if any.
 */
final class NasClient implements AutoCloseable {

    private static final SecureRandom RANDOM = new SecureRandom();

    private final DatagramSocket socket;
    /** One per client (each is used by one thread): the load generator allocated 4 KB per answer, in the JVM under test. */
    private final byte[] buffer = new byte[4096];
    private final InetSocketAddress server;
    private int nextId;

    NasClient(String localAddress, InetSocketAddress server) {
        try {
            this.socket = new DatagramSocket(new InetSocketAddress(InetAddress.getByName(localAddress), 0));
            this.socket.setSoTimeout(1500);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        this.server = server;
    }

    /** Attributes in wire order. */
    static final class Attrs {
        private final ByteArrayOutputStream out = new ByteArrayOutputStream();

        Attrs add(int type, byte[] value) {
            out.write(type);
            out.write(value.length + 2);
            out.writeBytes(value);
            return this;
        }

        Attrs add(int type, String value) {
            return add(type, value.getBytes(StandardCharsets.UTF_8));
        }

        Attrs addInt(int type, long value) {
            return add(type, new byte[] {(byte) (value >>> 24), (byte) (value >>> 16), (byte) (value >>> 8), (byte) value});
        }

        Attrs raw(byte[] bytes) {
            out.writeBytes(bytes);
            return this;
        }

        byte[] bytes() {
            return out.toByteArray();
        }
    }

    /** An EAP-Response/Identity for {@code name}, as a NAS relays the client's first message. */
    static byte[] eapIdentity(String name) {
        return eapIdentity(name.getBytes(StandardCharsets.UTF_8));
    }

    static byte[] eapIdentity(byte[] n) {
        byte[] eap = new byte[5 + n.length];
        eap[0] = 2;
        eap[1] = 1;
        eap[2] = (byte) (eap.length >>> 8);
        eap[3] = (byte) eap.length;
        eap[4] = 1;
        System.arraycopy(n, 0, eap, 5, n.length);
        return eap;
    }

    /** The attributes strongSwan's eap-radius sends in the first round, plus a Message-Authenticator slot. */
    static Attrs strongSwanFirstRound(String name, String acctSessionId) {
        return strongSwanFirstRound(name.getBytes(StandardCharsets.UTF_8), acctSessionId);
    }

    /** The same with the User-Name and EAP identity as raw octets (which need not be UTF-8). */
    static Attrs strongSwanFirstRound(byte[] name, String acctSessionId) {
        return strongSwanFirstRound(name, acctSessionId, 1);
    }

    /** With the NAS-Port strongSwan sets: the IKE_SA's unique id, one per connection. */
    static Attrs strongSwanFirstRound(byte[] name, String acctSessionId, long nasPort) {
        return new Attrs().add(1, name).addInt(61, 5).addInt(6, 2).addInt(5, nasPort).add(87, "rw-eap")
                .add(4, new byte[] {(byte) 192, 0, 2, 1}).add(30, "192.0.2.1[4500]").add(31, "192.0.2.100[4500]")
                .add(44, acctSessionId).add(79, eapIdentity(name)).add(32, "vpngw-test");
    }

    /** A signed Access-Request: {@code attrs} plus a correct Message-Authenticator computed with {@code secret}. */
    byte[] accessRequest(Attrs attrs, String secret) {
        byte[] auth = new byte[16];
        RANDOM.nextBytes(auth);
        byte[] body = new Attrs().raw(attrs.bytes()).add(80, new byte[16]).bytes();
        byte[] p = packet(1, nextId++ & 0xff, auth, body);
        byte[] mac = Wire.hmacMd5(secret.getBytes(StandardCharsets.UTF_8), p);
        System.arraycopy(mac, 0, p, p.length - 16, 16);
        return p;
    }

    /** An Accounting-Request with its Request Authenticator (RFC 2866). */
    byte[] accountingRequest(Attrs attrs, String secret) {
        byte[] p = packet(4, nextId++ & 0xff, new byte[16], attrs.bytes());
        byte[] auth = Wire.md5(p, secret.getBytes(StandardCharsets.UTF_8));
        System.arraycopy(auth, 0, p, 4, 16);
        return p;
    }

    static byte[] packet(int code, int id, byte[] authenticator, byte[] attributes) {
        byte[] p = new byte[20 + attributes.length];
        p[0] = (byte) code;
        p[1] = (byte) id;
        p[2] = (byte) (p.length >>> 8);
        p[3] = (byte) p.length;
        System.arraycopy(authenticator, 0, p, 4, 16);
        System.arraycopy(attributes, 0, p, 20, attributes.length);
        return p;
    }

    /** Sends and returns the answer, or null when none came within 1.5 s. */
    byte[] exchange(byte[] packet) {
        send(packet);
        return receive();
    }

    void send(byte[] packet) {
        try {
            socket.send(new DatagramPacket(packet, packet.length, server));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    byte[] receive() {
        DatagramPacket in = new DatagramPacket(buffer, buffer.length);
        try {
            socket.receive(in);
            return Arrays.copyOf(buffer, in.getLength());
        } catch (SocketTimeoutException e) {
            return null;
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    void timeout(int millis) {
        try {
            socket.setSoTimeout(millis);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        socket.close();
    }
}
