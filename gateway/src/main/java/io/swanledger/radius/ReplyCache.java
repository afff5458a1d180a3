package io.swanledger.radius;

import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.function.LongSupplier;

/**
 * Answers retransmissions. A NAS that repeats a request (same source, identifier and authenticator)
 * gets the first answer again, never a second session or allocation; a repeat that arrives while the
 * first is still being decided is dropped, since the NAS will ask again. Entries leave in the order they
 * came, from the head of a queue: expiry runs on a RADIUS I/O thread every second and must not walk
 * every answer of the last {@code keep} (tens of thousands under load) each time.
 */
final class ReplyCache {

    /** The request authenticator as two longs: no buffer or array kept per entry. */
    record Key(InetSocketAddress nas, int identifier, long authenticatorHigh, long authenticatorLow) {
        static Key of(InetSocketAddress nas, byte[] packet) {
            ByteBuffer authenticator = ByteBuffer.wrap(packet, 4, 16);
            return new Key(nas, Wire.identifier(packet), authenticator.getLong(), authenticator.getLong());
        }
    }

    static final class Entry {
        private final Key key;
        private final long createdNanos;
        private volatile byte[] reply;

        private Entry(Key key, long createdNanos) {
            this.key = key;
            this.createdNanos = createdNanos;
        }

        byte[] reply() {
            return reply;
        }
    }

    private final ConcurrentHashMap<Key, Entry> entries = new ConcurrentHashMap<>();
    /** Entries in the order they were registered (forgotten ones too, until their time is up). */
    private final ConcurrentLinkedQueue<Entry> arrivals = new ConcurrentLinkedQueue<>();
    private final long keepNanos;
    private final int maxEntries;
    private final LongSupplier clock;

    ReplyCache(long keepNanos, int maxEntries) {
        this(keepNanos, maxEntries, System::nanoTime);
    }

    ReplyCache(long keepNanos, int maxEntries, LongSupplier clock) {
        this.keepNanos = keepNanos;
        this.maxEntries = maxEntries;
        this.clock = clock;
    }

    /** Null when the request is new (and now registered); otherwise the entry of the first copy. */
    Entry register(Key key) {
        Entry fresh = new Entry(key, clock.getAsLong());
        Entry first = entries.putIfAbsent(key, fresh);
        if (first == null) {
            arrivals.add(fresh);
        }
        return first;
    }

    boolean full() {
        return entries.size() >= maxEntries;
    }

    void answer(Key key, byte[] reply) {
        Entry e = entries.get(key);
        if (e != null) {
            e.reply = reply;
        }
    }

    /** Forgets a request that got no answer, so that its retransmission is handled afresh. */
    void forget(Key key) {
        entries.remove(key);
    }

    void expire() {
        long now = clock.getAsLong();
        for (Entry e = arrivals.peek(); e != null && now - e.createdNanos > keepNanos; e = arrivals.peek()) {
            arrivals.poll();
            entries.remove(e.key, e); // not a later request's entry under the same key
        }
    }

    int size() {
        return entries.size();
    }
}
