package io.swanledger.api.identity;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import io.swanledger.api.InvalidValueException;
import io.swanledger.api.Inputs;

/**
 * An account as the campus AAA server names it: whatever it accepted ({@code DOMAIN\jdoe},
 * {@code jdoe@realm}, {@code zoë.müller}, names with spaces or quotes), kept exactly, never trimmed.
 * It only has to be printable text: no control or bidirectional-override characters (a name from
 * the wire has them escaped by {@link Identity#parse}), no unpaired surrogate, at most
 * {@value #MAX_LENGTH} characters. It never reaches a shell or the kernel (routes are per address),
 * so nothing more is refused. Comparisons are exact.
 */
public record AccountName(String value) {

    /** RADIUS carries at most 253 octets in a User-Name; escaped control characters may make it longer. */
    public static final int MAX_LENGTH = 512;

    public AccountName {
        Inputs.text("account", value, MAX_LENGTH);
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (Identity.mustEscape(c)) {
                throw new InvalidValueException("account", "contains the control character U+"
                        + String.format("%04X", (int) c) + " at position " + i, value);
            }
            if (Character.isSurrogate(c)) {
                boolean paired = Character.isHighSurrogate(c) && i + 1 < value.length()
                        && Character.isLowSurrogate(value.charAt(i + 1));
                if (!paired) {
                    throw new InvalidValueException("account", "contains an unpaired surrogate at position " + i, value);
                }
                i++;
            }
        }
    }

    @JsonCreator
    public static AccountName of(String value) {
        return new AccountName(value);
    }

    static boolean isAlnum(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
    }

    @JsonValue
    @Override
    public String toString() {
        return value;
    }
}
