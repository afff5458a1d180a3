package io.swanledger.radius;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.net.InetSocketAddress;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class ReplyCacheTest {

    private static final InetSocketAddress NAS = new InetSocketAddress("192.0.2.1", 4500);
    private final AtomicLong now = new AtomicLong(1_000);
    private final ReplyCache cache = new ReplyCache(100, 10, now::get);

    private static byte[] request(int identifier, int authenticatorSeed) {
        byte[] p = new byte[20];
        p[0] = 1;
        p[1] = (byte) identifier;
        p[3] = 20;
        for (int i = 0; i < 16; i++) {
            p[4 + i] = (byte) (authenticatorSeed * 31 + i);
        }
        return p;
    }

    @Test
    void answersARetransmissionWithTheFirstReplyAndTakesAnotherAuthenticatorAsANewRequest() {
        ReplyCache.Key key = ReplyCache.Key.of(NAS, request(7, 1));
        assertNull(cache.register(key));
        cache.answer(key, new byte[] {2, 7});
        ReplyCache.Entry first = cache.register(ReplyCache.Key.of(NAS, request(7, 1)));
        assertNotNull(first, "the same source, identifier and authenticator is a retransmission");
        assertArrayEquals(new byte[] {2, 7}, first.reply());
        assertNull(cache.register(ReplyCache.Key.of(NAS, request(7, 2))), "a new authenticator is a new request");
        assertNull(cache.register(ReplyCache.Key.of(new InetSocketAddress("192.0.2.1", 4501), request(7, 1))),
                "another source port is another NAS socket");
        assertNull(cache.register(ReplyCache.Key.of(new InetSocketAddress("192.0.2.2", NAS.getPort()), request(7, 1))),
                "another address is another NAS");
        assertNull(cache.register(ReplyCache.Key.of(new InetSocketAddress("255.0.2.1", NAS.getPort()), request(7, 1))),
                "an address with its top bit set is not confused with another");
    }

    @Test
    void forgetsAnswersOnlyOnceTheirTimeIsUpInTheOrderTheyCame() {
        ReplyCache.Key a = ReplyCache.Key.of(NAS, request(1, 1));
        ReplyCache.Key b = ReplyCache.Key.of(NAS, request(2, 2));
        cache.register(a);
        now.addAndGet(60);
        cache.register(b);
        now.addAndGet(50); // a is 110 old, b 50
        cache.expire();
        assertEquals(1, cache.size());
        assertNull(cache.register(ReplyCache.Key.of(NAS, request(1, 1))), "a's time was up: its repeat is new again");
        assertNotNull(cache.register(b), "b is kept");
        now.addAndGet(51);
        cache.expire();
        assertEquals(1, cache.size(), "b went; a's second copy (51 old) stays");
    }

    @Test
    void aRequestRegisteredAgainAfterItWasForgottenKeepsItsNewEntryWhenTheOldOnesTimeIsUp() {
        ReplyCache.Key key = ReplyCache.Key.of(NAS, request(9, 9));
        cache.register(key);
        cache.forget(key); // no answer: its retransmission is handled afresh
        now.addAndGet(90);
        assertNull(cache.register(key));
        ReplyCache.Entry second = cache.register(key);
        now.addAndGet(20); // the first registration is 110 old, the second 20
        cache.expire();
        assertSame(second, cache.register(key), "the later entry under the same key stays");
    }
}
