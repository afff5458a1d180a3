package io.swanledger.api.net;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import io.swanledger.api.InvalidValueException;
import io.swanledger.api.Inputs;

/** An inclusive range of IPv4 addresses, written {@code 10.1.0.10-10.1.0.250} or as one address. */
public record Ipv4Range(Ipv4Address first, Ipv4Address last) {

    /** Largest range a pool accepts: a /16. Bigger pools are a configuration mistake, not a campus. */
    public static final long MAX_SIZE = 65_536;

    public Ipv4Range {
        Inputs.required("range start", first);
        Inputs.required("range end", last);
        if (first.compareTo(last) > 0) {
            throw new InvalidValueException("address range", "starts after it ends", first + "-" + last);
        }
        if (last.unsigned() - first.unsigned() + 1 > MAX_SIZE) {
            throw new InvalidValueException("address range", "is larger than " + MAX_SIZE + " addresses", first + "-" + last);
        }
    }

    @JsonCreator
    public static Ipv4Range parse(String text) {
        Inputs.text("address range", text, 31);
        int dash = text.indexOf('-');
        if (dash < 0) {
            Ipv4Address one = Ipv4Address.parse("address range", text);
            return new Ipv4Range(one, one);
        }
        return new Ipv4Range(Ipv4Address.parse("address range start", text.substring(0, dash)),
                Ipv4Address.parse("address range end", text.substring(dash + 1)));
    }

    public long size() {
        return last.unsigned() - first.unsigned() + 1;
    }

    public boolean contains(Ipv4Address a) {
        return first.compareTo(a) <= 0 && a.compareTo(last) <= 0;
    }

    public boolean overlaps(Ipv4Range o) {
        return first.compareTo(o.last) <= 0 && o.first.compareTo(last) <= 0;
    }

    @JsonValue
    @Override
    public String toString() {
        return first.equals(last) ? first.toString() : first + "-" + last;
    }
}
