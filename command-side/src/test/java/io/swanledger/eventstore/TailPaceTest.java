package io.swanledger.eventstore;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class TailPaceTest {

    private long now = 1_000_000_000L;
    private final List<Long> slept = new ArrayList<>();
    private final TailPace pace = new TailPace(Duration.ofMillis(20), () -> now, nanos -> {
        slept.add(nanos);
        now += nanos;
    });

    @Test
    void readsAtOnceUntilItHasCaughtUp() {
        pace.beforeRead();
        pace.afterRead(100, 100);
        pace.beforeRead();
        assertEquals(List.of(), slept);
    }

    @Test
    void aReadSoonAfterAShortOneWaitsForTheRestOfTheInterval() {
        pace.beforeRead();
        pace.afterRead(12, 100);
        now += 5_000_000L;
        pace.beforeRead();
        assertEquals(List.of(15_000_000L), slept);
    }

    @Test
    void aReadAfterAQuietSpellGoesAtOnce() {
        pace.afterRead(0, 100);
        now += 25_000_000L;
        pace.beforeRead();
        assertEquals(List.of(), slept);
    }

    @Test
    void fullBatchesWhileCatchingUpAreNotPaced() {
        pace.afterRead(3, 100);
        now += 20_000_000L;
        pace.beforeRead();
        pace.afterRead(100, 100);
        pace.beforeRead();
        pace.afterRead(100, 100);
        pace.beforeRead();
        assertEquals(List.of(), slept);
    }

    @Test
    void aZeroPaceNeverWaits() {
        TailPace off = new TailPace(Duration.ZERO, () -> now, nanos -> slept.add(nanos));
        off.afterRead(1, 100);
        off.beforeRead();
        assertEquals(List.of(), slept);
    }
}
