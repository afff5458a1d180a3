package io.swanledger.radius;

import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Answers retransmissions. A NAS that repeats a request (same source, identifier and authenticator)
 * gets the first answer again, never a second session or allocation; a repeat that arrives while the
 * first is still being decided is dropped, since the NAS will ask again.
 */
final class ReplyCache {

    record Key(InetSocketAddress nas, int identifier, ByteBuffer authenticator) {
        static Key of(InetSocketAddress nas, byte[] packet) {
            return new Key(nas, Wire.identifier(packet), ByteBuffer.wrap(Wire.authenticator(packet)));
        }
    }

    static final class Entry {
        private final long createdNanos = System.nanoTime();
        private volatile byte[] reply;

        byte[] reply() {
            return reply;
        }
    }

    private final ConcurrentHashMap<Key, Entry> entries = new ConcurrentHashMap<>();
    private final long keepNanos;
    private final int maxEntries;

    ReplyCache(long keepNanos, int maxEntries) {
        this.keepNanos = keepNanos;
        this.maxEntries = maxEntries;
    }

    /** Null when the request is new (and now registered); otherwise the entry of the first copy. */
    Entry register(Key key) {
        return entries.putIfAbsent(key, new Entry());
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
        long now = System.nanoTime();
        entries.values().removeIf(e -> now - e.createdNanos > keepNanos);
    }

    int size() {
        return entries.size();
    }
}
