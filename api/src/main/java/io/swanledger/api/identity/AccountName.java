package io.swanledger.api.identity;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import io.swanledger.api.InvalidValueException;
import io.swanledger.api.Inputs;

/**
 * A campus account name: 1–64 characters of ASCII letters, digits, '.', '_' and '-', starting with a
 * letter or digit. Deliberately narrow: account names end up in routing decisions, audit queries and
 * (as arguments, never as shell text) in kernel tooling, so nothing with a meaning to a shell,
 * a log parser or a query language gets in. Case is kept as given; comparisons are exact.
 */
public record AccountName(String value) {

    public static final int MAX_LENGTH = 64;

    public AccountName {
        Inputs.text("account", value, MAX_LENGTH);
        char c0 = value.charAt(0);
        if (!isAlnum(c0)) {
            throw new InvalidValueException("account", "must start with a letter or digit", value);
        }
        for (int i = 1; i < value.length(); i++) {
            char c = value.charAt(i);
            if (!isAlnum(c) && c != '.' && c != '_' && c != '-') {
                throw new InvalidValueException("account", "contains " + Inputs.quote(String.valueOf(c))
                        + " at position " + i + "; only letters, digits, '.', '_' and '-' are allowed", value);
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
