package io.swanledger.api.identity;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import io.swanledger.api.InvalidValueException;
import io.swanledger.api.Inputs;
import java.util.UUID;

/**
 * Identifies one VPN connection from authorization to close. Sent to strongSwan in the RADIUS
 * {@code Class} attribute and echoed back in accounting, so it is short ASCII: 1–64 characters of
 * letters, digits and '-'.
 */
public record SessionId(String value) {

    public SessionId {
        Inputs.text("session id", value, 64);
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (!AccountName.isAlnum(c) && c != '-') {
                throw new InvalidValueException("session id", "may contain only letters, digits and '-'", value);
            }
        }
    }

    @JsonCreator
    public static SessionId of(String value) {
        return new SessionId(value);
    }

    public static SessionId random() {
        return new SessionId(UUID.randomUUID().toString());
    }

    @JsonValue
    @Override
    public String toString() {
        return value;
    }
}
