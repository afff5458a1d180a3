package io.swanledger.eventstore;

import java.time.Duration;
import java.util.function.LongSupplier;

/**
 * How often a reader that has caught up with the store reads again: not sooner than the interval
 * after its last read that came back short. Under load Axon's event producer reads again as soon as a
 * group commits, a dozen events at a time, and the routing processor stores its token after each of
 * those reads (one transaction and fsync each); paced, each read takes what came in meanwhile. A read
 * after a quiet spell (the last short read longer ago than the interval) goes at once, so an idle
 * gateway applies a route as soon as it is committed; under load a route may wait up to the interval.
 */
final class TailPace {

    interface Sleeper {
        void sleepNanos(long nanos) throws InterruptedException;
    }

    private final long intervalNanos;
    private final LongSupplier nanoClock;
    private final Sleeper sleeper;
    private volatile long lastShortRead;
    private volatile boolean caughtUpOnce;

    TailPace(Duration interval, LongSupplier nanoClock, Sleeper sleeper) {
        if (interval.isNegative()) {
            throw new IllegalArgumentException("the tail's pace is not negative: " + interval);
        }
        this.intervalNanos = interval.toNanos();
        this.nanoClock = nanoClock;
        this.sleeper = sleeper;
    }

    static TailPace of(Duration interval) {
        return new TailPace(interval, System::nanoTime, nanos -> Thread.sleep(nanos / 1_000_000, (int) (nanos % 1_000_000)));
    }

    /** Waits, if need be, before a read. */
    void beforeRead() {
        if (!caughtUpOnce || intervalNanos == 0) {
            return;
        }
        long wait = lastShortRead + intervalNanos - nanoClock.getAsLong();
        if (wait > 0) {
            try {
                sleeper.sleepNanos(wait);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt(); // read now; the reader sees the interrupt itself
            }
        }
    }

    /** After a read of {@code read} events of the {@code asked}. */
    void afterRead(int read, int asked) {
        if (read < asked) {
            lastShortRead = nanoClock.getAsLong();
            caughtUpOnce = true;
        }
    }
}
