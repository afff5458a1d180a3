package io.swanledger.eventstore;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Instant;
import java.util.SplittableRandom;
import org.axonframework.common.DateTimeUtils;
import org.junit.jupiter.api.Test;

class StoredTimestampTest {

    /** Runs within a second (the cached date) and jumps anywhere, before 1970 and after 9999 included. */
    private static Instant instant(SplittableRandom random, int i) {
        return i % 3 == 0
                ? Instant.ofEpochSecond(random.nextLong(-70_000_000_000L, 400_000_000_000L), random.nextInt(1_000_000_000))
                : Instant.ofEpochSecond(1_796_000_000L + i / 1000, random.nextInt(1_000_000_000));
    }

    @Test
    void writesExactlyWhatAxonsStoreWrites() {
        StoredTimestamp stored = new StoredTimestamp();
        SplittableRandom random = new SplittableRandom(13);
        for (int i = 0; i < 100_000; i++) {
            Instant t = instant(random, i);
            assertEquals(DateTimeUtils.formatInstant(t), stored.format(t), t::toString);
        }
        for (Instant edge : new Instant[] {Instant.EPOCH, Instant.ofEpochSecond(-1, 999_999_999),
                Instant.parse("9999-12-31T23:59:59.999999999Z"), Instant.parse("+10000-01-01T00:00:00Z"),
                Instant.parse("2026-12-06T20:39:09.000001Z")}) {
            assertEquals(DateTimeUtils.formatInstant(edge), stored.format(edge), edge::toString);
        }
    }

    @Test
    void readsWhatAnyStoreWroteExactlyAsAxonReadsIt() {
        StoredTimestamp stored = new StoredTimestamp();
        SplittableRandom random = new SplittableRandom(17);
        for (int i = 0; i < 100_000; i++) {
            String text = DateTimeUtils.formatInstant(instant(random, i));
            assertEquals(DateTimeUtils.parseInstant(text), stored.parse(text), text);
        }
        // as Hibernate stored an Instant before the JDBC engine (Instant.toString), and malformed digits
        for (String text : new String[] {"2026-12-06T20:39:09Z", "2026-12-06T20:39:09.260123Z", "2026-12-06T20:39:09.260123456Z",
                "2026-12-06T20:39:09.2Z", "2026-12-06T20:39:10.000Z", "1969-12-31T23:59:59.999Z", "+10000-01-01T00:00:00Z"}) {
            assertEquals(DateTimeUtils.parseInstant(text), stored.parse(text), text);
        }
        org.junit.jupiter.api.Assertions.assertThrows(RuntimeException.class, () -> stored.parse("2026-12-06T20:39:09.2x0Z"));
    }
}
