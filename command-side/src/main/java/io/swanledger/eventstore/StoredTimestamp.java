package io.swanledger.eventstore;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import org.axonframework.common.DateTimeUtils;

/**
 * An event's time as Axon's JDBC store writes it ({@link DateTimeUtils#formatInstant}: UTC to the
 * millisecond, {@code 2026-12-06T20:39:09.260Z}), with the date and time of day formatted once per
 * second: Axon's formatter took a tenth of what the committing thread allocated. Hand-written because
 * the text must stay exactly Axon's (the store's rows are read and compared by it).
 */
final class StoredTimestamp {

    private record Second(long epochSecond, String prefix) {
    }

    private volatile Second last = new Second(Long.MIN_VALUE, "");

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
}
