package io.swanledger.query;

import io.swanledger.api.InvalidValueException;
import io.swanledger.api.identity.AccountName;
import io.swanledger.api.identity.GatewayId;
import io.swanledger.api.identity.VlanNumber;
import io.swanledger.api.net.Ipv4Address;
import io.swanledger.api.net.PeerEndpoint;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Base64;
import java.util.List;
import java.util.function.Supplier;
import java.util.regex.Pattern;

/** HTTP parameters, checked at the edge: a bad one is a 400 naming the parameter, never a query. */
final class QueryParams {

    static final int MAX_PAGE = 1000;

    private QueryParams() {
    }

    static Ipv4Address ip(String name, String text) {
        return text == null ? null : named(name, text, () -> Ipv4Address.parse(name, text));
    }

    static String peer(String text) {
        return text == null ? null : named("peer", text, () -> PeerEndpoint.of(text).address());
    }

    /** A session id as the gateways mint them (a UUID); anything else cannot name a session. */
    static String sessionId(String text) {
        if (text == null || !UUID.matcher(text).matches()) {
            throw new InvalidValueException("id", "is not a session id (a UUID such as 0f8fad5b-d9cb-469f-a165-70867728950e)", text);
        }
        return text;
    }

    private static final Pattern UUID = Pattern.compile("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");

    /** Parses with the api's rules, but the message names the parameter as the caller wrote it. */
    private static <T> T named(String name, String text, Supplier<T> parse) {
        try {
            return parse.get();
        } catch (InvalidValueException e) {
            throw new InvalidValueException(name, e.problem(), text);
        }
    }

    /** ISO-8601 with an offset ({@code 2026-03-12T14:05:00+09:00}) or in UTC ({@code …Z}). */
    static Instant instant(String name, String text) {
        if (text == null) {
            return null;
        }
        if (text.length() > 40) {
            throw new InvalidValueException(name, "is not an ISO-8601 instant", text);
        }
        try {
            return OffsetDateTime.parse(text).toInstant();
        } catch (DateTimeParseException e) {
            throw new InvalidValueException(name, "is not an ISO-8601 instant with an offset, e.g. 2026-03-12T14:05:00+09:00", text);
        }
    }

    static String account(String name, String text) {
        return text == null ? null : named(name, text, () -> AccountName.of(text).value());
    }

    static String vlan(String text) {
        return text == null ? null : named("vlan", text, () -> VlanNumber.parse(text).toString());
    }

    static String gateway(String text) {
        return text == null ? null : named("gateway", text, () -> GatewayId.of(text).value());
    }

    static String status(String text) {
        if (text == null) {
            return null;
        }
        if (!List.of("open", "closed", "refused").contains(text)) {
            throw new InvalidValueException("status", "must be open, closed or refused", text);
        }
        return text;
    }

    static String eventType(String text) {
        if (text == null) {
            return null;
        }
        if (!EventTypes.NAMES.contains(text)) {
            throw new InvalidValueException("type", "is not an event type; one of " + String.join(", ", EventTypes.NAMES), text);
        }
        return text;
    }

    static String category(String text) {
        if (text == null) {
            return null;
        }
        if (!EventTypes.CATEGORIES.contains(text)) {
            throw new InvalidValueException("category", "must be one of " + String.join(", ", EventTypes.CATEGORIES), text);
        }
        return text;
    }

    static int size(String text) {
        return size(text, 50);
    }

    static int size(String text, int byDefault) {
        if (text == null) {
            return byDefault;
        }
        try {
            int n = Integer.parseInt(text);
            if (n >= 1 && n <= MAX_PAGE) {
                return n;
            }
        } catch (NumberFormatException ignored) {
            // reported below
        }
        throw new InvalidValueException("size", "must be 1–" + MAX_PAGE, text);
    }

    /** A page cursor: the sort values of the last hit, as the previous page returned it. */
    record Cursor(long timestamp, String id) {

        String encode() {
            return Base64.getUrlEncoder().withoutPadding()
                    .encodeToString((timestamp + ":" + id).getBytes(StandardCharsets.UTF_8));
        }

        static Cursor decode(String name, String text) {
            if (text == null) {
                return null;
            }
            try {
                String s = new String(Base64.getUrlDecoder().decode(text), StandardCharsets.UTF_8);
                int colon = s.indexOf(':');
                String id = s.substring(colon + 1);
                if (colon < 1 || id.isEmpty() || id.length() > 64 || !id.matches("[A-Za-z0-9_-]+")) {
                    throw new IllegalArgumentException();
                }
                return new Cursor(Long.parseLong(s.substring(0, colon)), id);
            } catch (IllegalArgumentException e) {
                throw new InvalidValueException(name, "is not a cursor this API returned", text);
            }
        }
    }
}
