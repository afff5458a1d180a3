package io.swanledger.radius;

import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.socket.DatagramPacket;
import io.swanledger.radius.RadiusCounters.Counter;
import java.time.Instant;

/**
 * Accounting-Requests: the Request Authenticator proves the NAS knows the secret (RFC 2866 §3); a
 * Message-Authenticator, when present, must be right too. A Start or Stop of a session known in
 * memory is sent from the event loop ({@link Dispatch}); anything else is recorded on a worker. A
 * request the store cannot take now (an outage) is written to the {@link AccountingSpool} before it is
 * acknowledged, and so is every request after it until the spool has been replayed, so that the order
 * is kept. Any other failure gets no answer, so the NAS sends it again.
 */
@ChannelHandler.Sharable
final class AccountingHandler extends SimpleChannelInboundHandler<DatagramPacket> {

    private final RadiusSettings settings;
    private final RadiusCounters counters;
    private final ReplyCache cache;
    private final AccountingRecorder recorder;
    private final Dispatch dispatch;
    private final AccountingSpool spool;

    AccountingHandler(RadiusSettings settings, RadiusCounters counters, ReplyCache cache, AccountingRecorder recorder,
                      Dispatch dispatch, AccountingSpool spool) {
        this.spool = spool;
        this.settings = settings;
        this.counters = counters;
        this.cache = cache;
        this.recorder = recorder;
        this.dispatch = dispatch;
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
            counters.dropped(Counter.BAD_REQUEST_AUTHENTICATOR, "NAS " + in.client().name() + " (a wrong shared secret?)");
            return;
        }
        if (Wire.count(p, Wire.MESSAGE_AUTHENTICATOR) > 0
                && !Wire.messageAuthenticatorValid(p, new byte[16], in.client().secret())) {
            counters.dropped(Counter.BAD_MESSAGE_AUTHENTICATOR, "NAS " + in.client().name() + " (a wrong shared secret?)");
            return;
        }
        ReplyCache.Key key = ReplyCache.Key.of(in.sender(), p);
        Channel channel = ctx.channel();
        if (!Retransmissions.admit(cache, key, counters, channel, in.sender())) {
            return;
        }
        Dispatch.Request request = new Dispatch.Request(cache, key, channel, in, "record accounting");
        Object command = spool.size() == 0 ? recorder.sessionCommand(in, at) : null;
        if (command != null && dispatch.queues(command)) {
            dispatch.send(command, request, done -> recorder.acknowledge(in), e -> {
                if (StoreFailures.isOutage(e)) {
                    dispatch.onWorker(request, () -> spoolAndAcknowledge(in, at));
                } else {
                    request.failed(counters, e);
                }
            });
        } else {
            dispatch.onWorker(request, () -> recordOrSpool(in, at));
        }
    }

    private byte[] recordOrSpool(Inbound in, Instant at) {
        if (spool.size() == 0) {
            try {
                return recorder.record(in, at);
            } catch (RuntimeException e) {
                if (!StoreFailures.isOutage(e)) {
                    throw e;
                }
            }
        }
        return spoolAndAcknowledge(in, at);
    }

    private byte[] spoolAndAcknowledge(Inbound in, Instant at) {
        spool.append(in.client().address(), in.sender(), at, in.packet());
        counters.increment(Counter.ACCOUNTING_SPOOLED);
        return recorder.acknowledge(in);
    }
}
