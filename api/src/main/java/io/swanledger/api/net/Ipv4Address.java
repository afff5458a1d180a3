package io.swanledger.api.net;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import io.swanledger.api.InvalidValueException;
import io.swanledger.api.Inputs;

/**
 * An IPv4 address as an unsigned 32-bit value held in an int. Parsing accepts only the canonical
 * dotted quad: four decimal octets 0–255, no leading zeros (which some tools read as octal), no
 * spaces, no host names — so no input can trigger a DNS lookup.
 */
public record Ipv4Address(int bits) implements Comparable<Ipv4Address> {

    @JsonCreator
    public static Ipv4Address parse(String text) {
        return parse("IPv4 address", text);
    }

    public static Ipv4Address parse(String field, String text) {
        Inputs.required(field, text);
        if (text.length() > 15) {
            throw new InvalidValueException(field, "is not a dotted-quad IPv4 address", text);
        }
        int value = 0;
        int octets = 0;
        int i = 0;
        while (i <= text.length()) {
            int start = i;
            int octet = 0;
            while (i < text.length() && text.charAt(i) >= '0' && text.charAt(i) <= '9') {
                octet = octet * 10 + (text.charAt(i) - '0');
                i++;
            }
            int digits = i - start;
            if (digits == 0 || digits > 3 || octet > 255 || (digits > 1 && text.charAt(start) == '0')) {
                throw new InvalidValueException(field, "is not a dotted-quad IPv4 address", text);
            }
            value = (value << 8) | octet;
            octets++;
            if (i == text.length()) {
                break;
            }
            if (text.charAt(i) != '.' || octets == 4) {
                throw new InvalidValueException(field, "is not a dotted-quad IPv4 address", text);
            }
            i++;
        }
        if (octets != 4) {
            throw new InvalidValueException(field, "is not a dotted-quad IPv4 address", text);
        }
        return new Ipv4Address(value);
    }

    public static Ipv4Address ofBytes(byte[] b) {
        if (b == null || b.length != 4) {
            throw new InvalidValueException("IPv4 address", "must be exactly 4 bytes");
        }
        return new Ipv4Address(((b[0] & 0xff) << 24) | ((b[1] & 0xff) << 16) | ((b[2] & 0xff) << 8) | (b[3] & 0xff));
    }

    public long unsigned() {
        return bits & 0xffffffffL;
    }

    public Ipv4Address plus(long delta) {
        long v = unsigned() + delta;
        if (v < 0 || v > 0xffffffffL) {
            throw new InvalidValueException("IPv4 address", "arithmetic leaves the IPv4 space");
        }
        return new Ipv4Address((int) v);
    }

    /** The JDK address, built from the octets (never a name lookup). */
    public java.net.InetAddress toInetAddress() {
        try {
            return java.net.InetAddress.getByAddress(toBytes());
        } catch (java.net.UnknownHostException e) {
            throw new IllegalStateException(e); // four octets are always an address
        }
    }

    public byte[] toBytes() {
        return new byte[] {(byte) (bits >>> 24), (byte) (bits >>> 16), (byte) (bits >>> 8), (byte) bits};
    }

    @Override
    public int compareTo(Ipv4Address o) {
        return Integer.compareUnsigned(bits, o.bits);
    }

    @JsonValue
    @Override
    public String toString() {
        return (bits >>> 24) + "." + ((bits >>> 16) & 0xff) + "." + ((bits >>> 8) & 0xff) + "." + (bits & 0xff);
    }
}
