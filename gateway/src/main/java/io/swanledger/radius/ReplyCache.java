package io.swanledger.radius;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * Answers retransmissions. A NAS that repeats a request (same source, identifier and authenticator)
 * gets the first answer again, never a second session or allocation; a repeat that arrives while the
 * first is still being decided is dropped, since the NAS will ask again. Answers expire in the order
 * they were written (Caffeine): tens of thousands are kept under load, and walking them all every
 * second on a RADIUS I/O thread took 7–20 ms.
 */
final class ReplyCache {

    /**
     * The NAS's IPv4 address and port as one long and the request authenticator as two: no address
     * object, buffer or array kept per entry (with a socket address each entry held four more objects,
     * some 400,000 under churn for the collector to mark).
     */
    record Key(long nas, int identifier, long authenticatorHigh, long authenticatorLow) {
        /** {@code nas} is an IPv4 sender, as {@link Inbound} admits only those. */
        static Key of(InetSocketAddress nas, byte[] packet) {
            ByteBuffer authenticator = ByteBuffer.wrap(packet, 4, 16);
            long address = ByteBuffer.wrap(nas.getAddress().getAddress()).getInt() & 0xffffffffL;
            return new Key(address << 16 | nas.getPort(), Wire.identifier(packet), authenticator.getLong(),
                    authenticator.getLong());
        }
    }

    static final class Entry {
        private volatile byte[] reply;

        byte[] reply() {
            return reply;
        }
    }

    private final Cache<Key, Entry> entries;
    private final int maxEntries;

    ReplyCache(long keepNanos, int maxEntries) {
        this(keepNanos, maxEntries, System::nanoTime);
    }

    ReplyCache(long keepNanos, int maxEntries, LongSupplier clock) {
        // upkeep on the calling I/O thread, a few entries at a time (no pool thread woken per request)
        this.entries = Caffeine.newBuilder().expireAfterWrite(keepNanos, TimeUnit.NANOSECONDS)
                .ticker(clock::getAsLong).executor(Runnable::run).build();
        this.maxEntries = maxEntries;
    }

    /** Null when the request is new (and now registered); otherwise the entry of the first copy. */
    Entry register(Key key) {
        return entries.asMap().putIfAbsent(key, new Entry());
    }

    boolean full() {
        return entries.estimatedSize() >= maxEntries;
    }

    void answer(Key key, byte[] reply) {
        Entry e = entries.getIfPresent(key);
        if (e != null) {
            e.reply = reply;
        }
    }

    /** Forgets a request that got no answer, so that its retransmission is handled afresh. */
    void forget(Key key) {
        entries.invalidate(key);
    }

    /** Drops the answers whose time is up (they are already invisible to lookups). */
    void expire() {
        entries.cleanUp();
    }

    int size() {
        return (int) entries.estimatedSize();
    }
}
