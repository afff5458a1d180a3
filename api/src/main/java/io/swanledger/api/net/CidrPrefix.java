package io.swanledger.api.net;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import io.swanledger.api.InvalidValueException;
import io.swanledger.api.Inputs;

/** An IPv4 network in CIDR notation; host bits must be zero ({@code 10.1.0.5/24} is refused). */
public record CidrPrefix(Ipv4Address network, int length) {

    public CidrPrefix {
        Inputs.required("prefix network", network);
        if (length < 0 || length > 32) {
            throw new InvalidValueException("prefix length", "must be 0–32", length);
        }
        if ((network.bits() & ~mask(length)) != 0) {
            throw new InvalidValueException("prefix", "has host bits set; did you mean "
                    + new Ipv4Address(network.bits() & mask(length)) + "/" + length + "?", network + "/" + length);
        }
    }

    @JsonCreator
    public static CidrPrefix parse(String text) {
        Inputs.text("prefix", text, 18);
        int slash = text.indexOf('/');
        if (slash < 0 || slash == text.length() - 1 || text.length() - slash - 1 > 2) {
            throw new InvalidValueException("prefix", "is not in a.b.c.d/len form", text);
        }
        String len = text.substring(slash + 1);
        for (int i = 0; i < len.length(); i++) {
            if (len.charAt(i) < '0' || len.charAt(i) > '9') {
                throw new InvalidValueException("prefix", "length is not a number", text);
            }
        }
        if (len.length() > 1 && len.charAt(0) == '0') {
            throw new InvalidValueException("prefix", "length has a leading zero", text);
        }
        return new CidrPrefix(Ipv4Address.parse("prefix", text.substring(0, slash)), Integer.parseInt(len));
    }

    static int mask(int length) {
        return length == 0 ? 0 : -1 << (32 - length);
    }

    public boolean contains(Ipv4Address a) {
        return (a.bits() & mask(length)) == network.bits();
    }

    public boolean contains(Ipv4Range r) {
        return contains(r.first()) && contains(r.last());
    }

    public Ipv4Address broadcast() {
        return new Ipv4Address(network.bits() | ~mask(length));
    }

    /** The seed's lab-VLAN SNAT convention: the address two below broadcast (10.2.0.253 in 10.2.0.0/24). */
    public Ipv4Address broadcastMinusTwo() {
        if (length > 29) {
            throw new InvalidValueException("prefix", "is too small for a broadcast − 2 address", this);
        }
        return broadcast().plus(-2);
    }

    @JsonValue
    @Override
    public String toString() {
        return network + "/" + length;
    }
}
