package io.swanledger.radius;

import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.socket.DatagramPacket;
import io.swanledger.radius.RadiusCounters.Counter;
import java.net.InetSocketAddress;

/** The retransmission check shared by the authentication and accounting ports. */
final class Retransmissions {

    private Retransmissions() {
    }

    /**
     * True when the request is new and must be handled; a repeat is answered from the cache (or
     * dropped while the first copy is still in progress), and a full cache sheds load.
     */
    static boolean admit(ReplyCache cache, ReplyCache.Key key, RadiusCounters counters, Channel channel,
                         InetSocketAddress sender) {
        ReplyCache.Entry first = cache.register(key);
        if (first != null) {
            byte[] reply = first.reply();
            if (reply != null) {
                counters.increment(Counter.RETRANSMISSIONS);
                channel.writeAndFlush(new DatagramPacket(Unpooled.wrappedBuffer(reply), sender));
            } else {
                counters.increment(Counter.RETRANSMISSIONS_IN_PROGRESS);
            }
            return false;
        }
        if (cache.full()) {
            cache.forget(key);
            counters.increment(Counter.OVERLOADED);
            return false;
        }
        return true;
    }
}
