package io.swanledger.api.identity;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import io.swanledger.api.InvalidValueException;
import io.swanledger.api.Inputs;

/** Names one VPN host running swanledger's gateway (host-name syntax, lower case, 1–63 characters). */
public record GatewayId(String value) {

    public GatewayId {
        checkName("gateway id", value);
    }

    /** Lower-case letters, digits, '.', '-'; starts with a letter or digit. Used for gateway and pool names. */
    static void checkName(String field, String value) {
        Inputs.text(field, value, 63);
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            boolean alnum = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
            if (!alnum && (i == 0 || (c != '-' && c != '.'))) {
                throw new InvalidValueException(field, "must be lower-case letters, digits, '.' and '-', starting with a letter or digit", value);
            }
        }
    }

    @JsonCreator
    public static GatewayId of(String value) {
        return new GatewayId(value);
    }

    @JsonValue
    @Override
    public String toString() {
        return value;
    }
}
