package io.swanledger.radius;

import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.socket.DatagramPacket;
import io.swanledger.api.session.AuthorizationResult;
import io.swanledger.radius.RadiusCounters.Counter;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.tinyradius.core.attribute.type.RadiusAttribute;

/**
 * Access-Requests from strongSwan's eap-radius. On the event loop: the checks (known NAS,
 * Message-Authenticator, retransmission), the relay of challenges, and the judgement of an Accept,
 * whose authorization is sent from there ({@link Dispatch}); rejections to audit run on a worker.
 */
@ChannelHandler.Sharable
final class AccessHandler extends SimpleChannelInboundHandler<DatagramPacket> {

    private static final Logger log = LoggerFactory.getLogger(AccessHandler.class);

    private final RadiusSettings settings;
    private final RadiusCounters counters;
    private final ReplyCache cache;
    private final UpstreamRelay relay;
    private final Replies replies;
    private final LoginDecorator decorator;
    private final Dispatch dispatch;

    AccessHandler(RadiusSettings settings, RadiusCounters counters, ReplyCache cache, UpstreamRelay relay,
                  Replies replies, LoginDecorator decorator, Dispatch dispatch) {
        this.settings = settings;
        this.counters = counters;
        this.cache = cache;
        this.relay = relay;
        this.replies = replies;
        this.decorator = decorator;
        this.dispatch = dispatch;
    }

    void expire() {
        cache.expire();
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, DatagramPacket msg) {
        Instant at = Instant.now();
        counters.increment(Counter.ACCESS_REQUESTS);
        Inbound in = Inbound.accept(msg, Wire.ACCESS_REQUEST, settings, counters);
        if (in == null) {
            return;
        }
        byte[] p = in.packet();
        // RFC 3579 §3.2 and BlastRADIUS: no Message-Authenticator, no answer.
        if (Wire.count(p, Wire.MESSAGE_AUTHENTICATOR) == 0) {
            counters.dropped(Counter.MISSING_MESSAGE_AUTHENTICATOR, "NAS " + in.client().name());
            return;
        }
        if (!Wire.messageAuthenticatorValid(p, Wire.authenticator(p), in.client().secret())) {
            counters.dropped(Counter.BAD_MESSAGE_AUTHENTICATOR, "NAS " + in.client().name() + " (a wrong shared secret?)");
            return;
        }
        if (Wire.count(p, Wire.EAP_MESSAGE) == 0) {
            counters.dropped(Counter.NOT_EAP, "NAS " + in.client().name() + " (only EAP is relayed)");
            return;
        }
        ReplyCache.Key key = ReplyCache.Key.of(in.sender(), p);
        if (!Retransmissions.admit(cache, key, counters, ctx.channel(), in.sender())) {
            return;
        }
        Login login = Login.read(in.client(), p, at);
        Channel channel = ctx.channel();
        if (login.requested() == null) {
            work(channel, key, in, () -> decorator.invalidIdentity(login));
            return;
        }
        relay.send(forwarded(login), login.state()).whenComplete((reply, failure) -> {
            if (failure != null) {
                counters.increment(Counter.UPSTREAM_UNAVAILABLE);
                cache.forget(key);
                log.warn("no RADIUS upstream answered for NAS {}: {}", in.client().name(), failure.getMessage());
                return;
            }
            switch (Wire.code(reply.packet())) {
                case Wire.ACCESS_CHALLENGE -> {
                    counters.increment(Counter.CHALLENGES);
                    Answers.send(cache, key, channel, in, challenge(login, reply));
                }
                case Wire.ACCESS_REJECT -> work(channel, key, in, () -> decorator.rejected(login, reply));
                default -> accepted(channel, key, in, login, reply);
            }
        });
    }

    /** The NAS's attributes as they came, but for the Message-Authenticator, which is per hop. */
    private List<RadiusAttribute> forwarded(Login login) {
        List<Wire.Attr> attrs = new ArrayList<>(login.attributes());
        attrs.removeIf(a -> a.type() == Wire.MESSAGE_AUTHENTICATOR);
        return replies.forRelay(attrs);
    }

    /** The upstream's challenge (EAP-Message, State, …) re-signed for the NAS. */
    private byte[] challenge(Login login, UpstreamRelay.Reply reply) {
        List<Wire.Attr> attrs = new ArrayList<>(Wire.attributes(reply.packet()));
        attrs.removeIf(a -> a.type() == Wire.MESSAGE_AUTHENTICATOR || a.type() == Wire.PROXY_STATE);
        return replies.encode(Wire.ACCESS_CHALLENGE, login.request(), attrs, login.client().secret());
    }

    private void accepted(Channel channel, ReplyCache.Key key, Inbound in, Login login, UpstreamRelay.Reply reply) {
        Dispatch.Request request = request(channel, key, in);
        LoginDecorator.Verdict verdict;
        try {
            verdict = decorator.judge(login, reply);
        } catch (RuntimeException e) {
            request.failed(counters, e);
            return;
        }
        if (verdict.authorize() != null && dispatch.queues(verdict.authorize())) {
            dispatch.send(verdict.authorize(), request,
                    (AuthorizationResult result) -> decorator.answer(login, reply, verdict, result),
                    e -> request.failed(counters, e));
        } else {
            dispatch.onWorker(request, () -> decorator.accepted(login, reply));
        }
    }

    private void work(Channel channel, ReplyCache.Key key, Inbound in, Supplier<byte[]> task) {
        dispatch.onWorker(request(channel, key, in), task);
    }

    private Dispatch.Request request(Channel channel, ReplyCache.Key key, Inbound in) {
        return new Dispatch.Request(cache, key, channel, in, "decide a login");
    }
}
