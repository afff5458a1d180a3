package io.swanledger.radius;

import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.socket.DatagramPacket;
import io.swanledger.radius.RadiusCounters.Counter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How both ports answer: an answer is cached for retransmissions and sent. A request that could not
 * be decided, or not even queued, is forgotten, so that the NAS's retransmission is handled afresh;
 * while the event store is unreachable nothing is answered (strongSwan retransmits, then fails over to another RADIUS server
 * if it has one), so an Access-Accept never leaves without its session recorded.
 */
final class Answers {

    private static final Logger log = LoggerFactory.getLogger(Answers.class);

    private Answers() {
    }

    /**
     * A request that could not be decided: forgotten, so that the NAS's retransmission is handled
     * afresh; counted, and logged unless the store is merely unreachable.
     */
    static void failed(ReplyCache cache, ReplyCache.Key key, RadiusCounters counters, Inbound in, String what,
                       RuntimeException e) {
        cache.forget(key);
        if (StoreFailures.isOutage(e)) {
            // nothing is answered that is not recorded: the NAS retries, or fails over
            counters.dropped(Counter.STORE_UNAVAILABLE, "NAS " + in.client().name() + " (could not " + what
                    + ": the event store is unreachable: " + e.getMessage() + ")");
            return;
        }
        counters.increment(Counter.INTERNAL_ERRORS);
        log.error("could not {} from NAS {}: {}", what, in.client().name(), e.toString(), e);
    }

    static void send(ReplyCache cache, ReplyCache.Key key, Channel channel, Inbound in, byte[] reply) {
        cache.answer(key, reply);
        channel.writeAndFlush(new DatagramPacket(Unpooled.wrappedBuffer(reply), in.sender()));
    }
}
