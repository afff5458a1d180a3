package io.swanledger.api.identity;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import io.swanledger.api.InvalidValueException;
import io.swanledger.api.Inputs;

/**
 * A lab VLAN's campus-unique management number (KUINS-DB), e.g. 123456. 1–9 decimal digits without
 * a leading zero, so that {@code alice@0123456} cannot alias {@code alice@123456} and every number
 * also fits a Linux routing table id.
 */
public record VlanNumber(int value) implements Comparable<VlanNumber> {

    public VlanNumber {
        if (value <= 0) {
            throw new InvalidValueException("VLAN management number", "must be a positive number", value);
        }
        if (value > 999_999_999) {
            throw new InvalidValueException("VLAN management number", "has more than 9 digits", value);
        }
    }

    @JsonCreator
    public static VlanNumber parse(String text) {
        Inputs.text("VLAN management number", text, 9);
        for (int i = 0; i < text.length(); i++) {
            if (text.charAt(i) < '0' || text.charAt(i) > '9') {
                throw new InvalidValueException("VLAN management number", "must be decimal digits only", text);
            }
        }
        if (text.charAt(0) == '0') {
            throw new InvalidValueException("VLAN management number", "must not start with 0", text);
        }
        return new VlanNumber(Integer.parseInt(text));
    }

    @Override
    public int compareTo(VlanNumber o) {
        return Integer.compare(value, o.value);
    }

    @JsonValue
    @Override
    public String toString() {
        return Integer.toString(value);
    }
}
