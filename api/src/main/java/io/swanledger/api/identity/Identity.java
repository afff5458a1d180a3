package io.swanledger.api.identity;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import io.swanledger.api.InvalidValueException;
import io.swanledger.api.Inputs;
import java.util.Optional;

/**
 * The identity a client asked for: {@code account} or {@code account@<VLAN management number>}.
 * Parsed once, here; everything downstream works with the parts. The requested VLAN is only a
 * request: whether it is granted is decided against the authenticated account and the access list.
 */
public record Identity(AccountName account, VlanNumber vlan) {

    /** Longest identity text accepted (account, '@', 9 digits). */
    public static final int MAX_LENGTH = AccountName.MAX_LENGTH + 10;

    public Identity {
        Inputs.required("identity account", account);
    }

    @JsonCreator
    public static Identity parse(String text) {
        Inputs.text("identity", text, MAX_LENGTH);
        int at = text.indexOf('@');
        if (at < 0) {
            return new Identity(new AccountName(text), null);
        }
        if (text.indexOf('@', at + 1) >= 0) {
            throw new InvalidValueException("identity", "has more than one '@'", text);
        }
        if (at == text.length() - 1) {
            throw new InvalidValueException("identity", "has an empty VLAN management number after '@'", text);
        }
        return new Identity(new AccountName(text.substring(0, at)), VlanNumber.parse(text.substring(at + 1)));
    }

    public static Identity plain(AccountName account) {
        return new Identity(account, null);
    }

    public Optional<VlanNumber> requestedVlan() {
        return Optional.ofNullable(vlan);
    }

    @JsonValue
    @Override
    public String toString() {
        return vlan == null ? account.value() : account.value() + "@" + vlan;
    }
}
