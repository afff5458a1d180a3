package io.swanledger.api.identity;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import io.swanledger.api.InvalidValueException;
import io.swanledger.api.Inputs;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * The identity a client asked for, kept as sent: {@code account}, or {@code account@<VLAN management
 * number>} when the text after the last '@' is a management number. Parsed once, here.
 * <ul>
 *   <li>{@code jdoe@realm} is the account {@code jdoe@realm}: only digits after the last '@' ask for a VLAN;</li>
 *   <li>{@code jdoe@realm@123456} is {@code jdoe@realm} asking for VLAN 123456;</li>
 *   <li>digits that are no management number ({@code alice@0123456}, ten digits) are an
 *       {@link #unreadableVlan() unreadable request}: ordinary access, never a route.</li>
 * </ul>
 * Nothing is trimmed. Control and bidirectional-override characters are kept as {@code \}{@code uXXXX}
 * escapes, so the text can be shown and searched safely. The requested VLAN is only a request:
 * whether it is granted is decided against the authenticated account and the access list.
 */
public record Identity(AccountName account, VlanNumber vlan, String unreadableVlan) {

    /** RADIUS's limit for one attribute value (User-Name), in UTF-8 octets. */
    public static final int MAX_OCTETS = 253;

    public Identity {
        Inputs.required("identity account", account);
        if (vlan != null && unreadableVlan != null) {
            throw new InvalidValueException("identity", "has both a VLAN and an unreadable VLAN");
        }
    }

    public Identity(AccountName account, VlanNumber vlan) {
        this(account, vlan, null);
    }

    @JsonCreator
    public static Identity parse(String sent) {
        Inputs.required("identity", sent);
        if (sent.isEmpty()) {
            throw new InvalidValueException("identity", "must not be empty");
        }
        int octets = sent.getBytes(StandardCharsets.UTF_8).length;
        if (octets > MAX_OCTETS) {
            throw new InvalidValueException("identity", "is " + octets + " UTF-8 octets long, at most " + MAX_OCTETS
                    + " allowed", sent);
        }
        String text = escaped(sent);
        int at = text.lastIndexOf('@');
        String suffix = at < 0 ? "" : text.substring(at + 1);
        if (at <= 0 || suffix.isEmpty() || !suffix.chars().allMatch(c -> c >= '0' && c <= '9')) {
            return new Identity(new AccountName(text), null, null);
        }
        AccountName account = new AccountName(text.substring(0, at));
        try {
            return new Identity(account, VlanNumber.parse(suffix), null);
        } catch (InvalidValueException notANumber) {
            return new Identity(account, null, suffix);
        }
    }

    public static Identity plain(AccountName account) {
        return new Identity(account, null, null);
    }

    public Optional<VlanNumber> requestedVlan() {
        return Optional.ofNullable(vlan);
    }

    /** Why the digits after '@' are no management number, or null. */
    public String unreadableVlanReason() {
        if (unreadableVlan == null) {
            return null;
        }
        try {
            VlanNumber.parse(unreadableVlan);
            return null;
        } catch (InvalidValueException e) {
            return "VLAN management number " + Inputs.quote(unreadableVlan) + " " + e.problem();
        }
    }

    /** True for characters kept only as escapes: C0/C1 controls, DEL, line/paragraph separators, bidi controls. */
    static boolean mustEscape(char c) {
        return Character.isISOControl(c) || c == '\u2028' || c == '\u2029' || (c >= '\u202a' && c <= '\u202e')
                || (c >= '\u2066' && c <= '\u2069') || c == '\u200e' || c == '\u200f' || c == '\u061c';
    }

    private static String escaped(String s) {
        StringBuilder out = null;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (mustEscape(c)) {
                if (out == null) {
                    out = new StringBuilder(s.length() + 16).append(s, 0, i);
                }
                out.append(String.format("\\u%04x", (int) c));
            } else if (out != null) {
                out.append(c);
            }
        }
        return out == null ? s : out.toString();
    }

    @JsonValue
    @Override
    public String toString() {
        if (vlan != null) {
            return account.value() + "@" + vlan;
        }
        return unreadableVlan != null ? account.value() + "@" + unreadableVlan : account.value();
    }
}
