package io.swanledger.eventstore;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import org.axonframework.common.DateTimeUtils;

/**
 * An event's time as Axon's JDBC store writes and reads it ({@link DateTimeUtils#formatInstant}: UTC to the
 * millisecond, {@code 2026-12-06T20:39:09.260Z}), with the date and time of day formatted once per
 * second: Axon's formatter took a tenth of what the committing thread allocated. Hand-written because
 * the text must stay exactly Axon's (the store's rows are read and compared by it).
 */
final class StoredTimestamp {

    private record Second(long epochSecond, String prefix) {
    }

    private volatile Second last = new Second(Long.MIN_VALUE, "");
    private volatile Second lastRead = new Second(Long.MIN_VALUE, "\u0000");

    String format(Instant t) {
        long second = t.getEpochSecond();
        Second s = last;
        if (s.epochSecond() != second) {
            LocalDateTime d = LocalDateTime.ofEpochSecond(second, 0, ZoneOffset.UTC);
            if (d.getYear() < 0 || d.getYear() > 9999) {
                return DateTimeUtils.formatInstant(t);
            }
            s = new Second(second, DateTimeUtils.formatInstant(Instant.ofEpochSecond(second)).substring(0, 20));
            last = s;
        }
        int millis = t.getNano() / 1_000_000;
        char[] out = new char[24];
        s.prefix().getChars(0, 20, out, 0);
        out[20] = (char) ('0' + millis / 100);
        out[21] = (char) ('0' + millis / 10 % 10);
        out[22] = (char) ('0' + millis % 10);
        out[23] = 'Z';
        return new String(out);
    }

    /**
     * The instant a stored text names, as {@link DateTimeUtils#parseInstant} reads it; the date and time
     * of day of this store's own form parsed once per second. Axon's parser built a formatter's state,
     * a map and a decimal for every event a tracking processor read: a twentieth of what the gateway
     * allocated under churn. Any other form (an older store's, with more digits) goes to Axon's.
     */
    Instant parse(String text) {
        if (text.length() != 24 || text.charAt(19) != '.' || text.charAt(23) != 'Z') {
            return DateTimeUtils.parseInstant(text);
        }
        int millis = 0;
        for (int i = 20; i < 23; i++) {
            char c = text.charAt(i);
            if (c < '0' || c > '9') {
                return DateTimeUtils.parseInstant(text);
            }
            millis = millis * 10 + c - '0';
        }
        Second s = lastRead;
        if (!text.startsWith(s.prefix())) {
            s = new Second(DateTimeUtils.parseInstant(text.substring(0, 19) + "Z").getEpochSecond(), text.substring(0, 20));
            lastRead = s;
        }
        return Instant.ofEpochSecond(s.epochSecond(), millis * 1_000_000L);
    }
}
