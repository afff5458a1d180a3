package io.swanledger.radius;

import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.socket.DatagramPacket;
import io.swanledger.radius.RadiusCounters.Counter;
import java.time.Instant;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Accounting-Requests: the Request Authenticator proves the NAS knows the secret (RFC 2866 §3); a
 * Message-Authenticator, when present, must be right too. A request that cannot be recorded gets no
 * answer, so the NAS sends it again.
 */
@ChannelHandler.Sharable
final class AccountingHandler extends SimpleChannelInboundHandler<DatagramPacket> {

    private static final Logger log = LoggerFactory.getLogger(AccountingHandler.class);

    private final RadiusSettings settings;
    private final RadiusCounters counters;
    private final ReplyCache cache;
    private final AccountingRecorder recorder;
    private final Executor workers;

    AccountingHandler(RadiusSettings settings, RadiusCounters counters, ReplyCache cache, AccountingRecorder recorder,
                      Executor workers) {
        this.settings = settings;
        this.counters = counters;
        this.cache = cache;
        this.recorder = recorder;
        this.workers = workers;
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, DatagramPacket msg) {
        Instant at = Instant.now();
        counters.increment(Counter.ACCOUNTING_REQUESTS);
        Inbound in = Inbound.accept(msg, Wire.ACCOUNTING_REQUEST, settings, counters);
        if (in == null) {
            return;
        }
        byte[] p = in.packet();
        if (!Wire.accountingRequestAuthenticatorValid(p, in.client().secret())) {
            counters.increment(Counter.BAD_REQUEST_AUTHENTICATOR);
            return;
        }
        if (Wire.count(p, Wire.MESSAGE_AUTHENTICATOR) > 0
                && !Wire.messageAuthenticatorValid(p, new byte[16], in.client().secret())) {
            counters.increment(Counter.BAD_MESSAGE_AUTHENTICATOR);
            return;
        }
        ReplyCache.Key key = ReplyCache.Key.of(in.sender(), p);
        Channel channel = ctx.channel();
        if (!Retransmissions.admit(cache, key, counters, channel, in.sender())) {
            return;
        }
        try {
            workers.execute(() -> {
                try {
                    byte[] reply = recorder.record(in, at);
                    cache.answer(key, reply);
                    channel.writeAndFlush(new DatagramPacket(Unpooled.wrappedBuffer(reply), in.sender()));
                } catch (RuntimeException e) {
                    counters.increment(Counter.INTERNAL_ERRORS);
                    cache.forget(key);
                    log.error("could not record accounting from NAS {}: {}", in.client().name(), e.toString(), e);
                }
            });
        } catch (RejectedExecutionException e) {
            counters.increment(Counter.OVERLOADED);
            cache.forget(key);
        }
    }
}
