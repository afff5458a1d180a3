package io.swanledger.radius;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.micrometer.core.instrument.Metrics;
import io.micrometer.core.instrument.Timer;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.socket.DatagramPacket;
import io.swanledger.radius.RadiusCounters.Counter;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReferenceArray;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.tinyradius.core.RadiusPacketException;
import org.tinyradius.core.attribute.type.RadiusAttribute;
import org.tinyradius.core.dictionary.Dictionary;
import org.tinyradius.core.packet.request.RadiusRequest;

/**
 * Relays Access-Requests to the upstream AAA servers and matches their replies. Each try has its own
 * identifier and authenticator; a try that times out marks its server dead for a while and moves on
 * to the next one. Later rounds of an EAP conversation go to the server that issued its State, the
 * only one that can continue it. A reply counts only if its Response Authenticator and
 * Message-Authenticator are right for the request we sent (BlastRADIUS, CVE-2024-3596).
 */
final class UpstreamRelay implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(UpstreamRelay.class);

    /** A verified reply to the request whose authenticator is {@code requestAuthenticator}. */
    record Reply(byte[] packet, byte[] requestAuthenticator, RadiusSettings.Server server) {
    }

    private record Pending(CompletableFuture<Reply> result, byte[] requestAuthenticator, int serverIndex) {
    }

    /** A NAS retransmits one round for about 14 s; a State is kept a little longer. */
    private static final long STATE_KEEP_NANOS = TimeUnit.SECONDS.toNanos(30);

    private final List<RadiusSettings.Server> servers;
    private final long tryTimeoutNanos;
    private final long deadTimeNanos;
    private final RadiusCounters counters;
    private final Dictionary dictionary;
    private final long[] deadUntil;
    private final AtomicReferenceArray<Pending>[] pending;
    private final AtomicInteger[] nextId;
    /**
     * Which server issued a State; expired in the order written (Caffeine), since a burst of EAP logins
     * leaves tens of thousands (several per login) and a walk over all of them each second would hold
     * an I/O thread.
     */
    private final Cache<ByteBuffer, Integer> stateOwners = Caffeine.newBuilder()
            .expireAfterWrite(STATE_KEEP_NANOS, TimeUnit.NANOSECONDS).executor(Runnable::run).build();
    private final Channel channel;
    /** The relay's round trips, looked up once (not per login on the busy path). */
    private final Timer answeredTimer = Metrics.timer("swanledger.radius.upstream", "outcome", "answered");
    private final Timer failedTimer = Metrics.timer("swanledger.radius.upstream", "outcome", "failed");

    @SuppressWarnings("unchecked")
    UpstreamRelay(RadiusSettings settings, RadiusCounters counters, Dictionary dictionary, EventLoopGroup group)
            throws InterruptedException {
        this.servers = List.copyOf(settings.upstreams);
        this.tryTimeoutNanos = settings.upstreamTimeout.toNanos();
        this.deadTimeNanos = settings.upstreamDeadTime.toNanos();
        this.counters = counters;
        this.dictionary = dictionary;
        this.deadUntil = new long[servers.size()];
        this.pending = new AtomicReferenceArray[servers.size()];
        this.nextId = new AtomicInteger[servers.size()];
        for (int i = 0; i < servers.size(); i++) {
            pending[i] = new AtomicReferenceArray<>(256);
            nextId[i] = new AtomicInteger();
        }
        this.channel = Wire.bootstrap(group)
                .handler(new SimpleChannelInboundHandler<DatagramPacket>() {
                    @Override
                    protected void channelRead0(ChannelHandlerContext ctx, DatagramPacket msg) {
                        onReply(msg);
                    }
                })
                .bind(new InetSocketAddress(settings.upstreamSource.toInetAddress(), 0)).sync().channel();
    }

    /**
     * Sends the attributes as a new Access-Request (fresh identifier, authenticator and
     * Message-Authenticator) and completes with the first verified reply, or with a
     * {@link TimeoutException} once every server it may try stayed silent.
     */
    CompletableFuture<Reply> send(List<RadiusAttribute> attributes, byte[] state) {
        CompletableFuture<Reply> result = new CompletableFuture<>();
        long start = System.nanoTime();
        result.whenComplete((reply, failure) -> (failure == null ? answeredTimer : failedTimer)
                .record(System.nanoTime() - start, TimeUnit.NANOSECONDS));
        Integer owner = ownerOf(state);
        int first = owner != null ? owner : firstLiveServer();
        // A State belongs to one server: no failover for a conversation already under way.
        int tries = owner != null ? 1 : servers.size();
        attempt(attributes, first, tries, result);
        return result;
    }

    private void attempt(List<RadiusAttribute> attributes, int serverIndex, int triesLeft, CompletableFuture<Reply> result) {
        RadiusSettings.Server server = servers.get(serverIndex);
        int id = reserveId(serverIndex);
        if (id < 0) {
            result.completeExceptionally(new IllegalStateException("256 requests already in flight to " + server.name()));
            return;
        }
        byte[] packet;
        byte[] requestAuthenticator;
        try {
            RadiusRequest request = RadiusRequest.create(dictionary, (byte) Wire.ACCESS_REQUEST, (byte) id, null, attributes)
                    .encodeRequest(new String(server.secret(), StandardCharsets.UTF_8));
            packet = request.toBytes();
            requestAuthenticator = request.getAuthenticator();
        } catch (RadiusPacketException | RuntimeException e) {
            pending[serverIndex].set(id, null);
            result.completeExceptionally(e);
            return;
        }
        Pending p = new Pending(result, requestAuthenticator, serverIndex);
        pending[serverIndex].set(id, p);
        channel.writeAndFlush(new DatagramPacket(Unpooled.wrappedBuffer(packet),
                new InetSocketAddress(server.address().toInetAddress(), server.port())));
        ScheduledFuture<?> timeout = channel.eventLoop().schedule(() -> {
            if (result.isDone()) {
                return;
            }
            counters.increment(Counter.UPSTREAM_TIMEOUTS);
            markDead(serverIndex);
            if (triesLeft > 1) {
                counters.increment(Counter.UPSTREAM_FAILOVERS);
                log.warn("RADIUS upstream {} did not answer within {} ms; trying the next one",
                        server.name(), TimeUnit.NANOSECONDS.toMillis(tryTimeoutNanos));
                attempt(attributes, nextServer(serverIndex), triesLeft - 1, result);
            } else {
                result.completeExceptionally(new TimeoutException("no RADIUS upstream answered"));
            }
        }, tryTimeoutNanos, TimeUnit.NANOSECONDS);
        // A try that timed out stays open: its late answer still serves the login (and so the NAS's
        // retransmission, which is waiting for it) while the next server is asked. The slot is freed
        // once the login has its answer or has given up, and the timer goes then too: left to run out,
        // each held its request's attributes for the whole timeout (under churn some 5,000 timers, a
        // sixth of the objects the collector marked).
        result.whenComplete((r, f) -> {
            pending[serverIndex].compareAndSet(id, p, null);
            timeout.cancel(false);
        });
    }

    /** Reserves a free identifier for the server (the slot is set by the caller), or -1. */
    private int reserveId(int serverIndex) {
        Pending placeholder = new Pending(null, null, serverIndex);
        for (int n = 0; n < 256; n++) {
            int id = nextId[serverIndex].getAndIncrement() & 0xff;
            if (pending[serverIndex].compareAndSet(id, null, placeholder)) {
                return id;
            }
        }
        return -1;
    }

    private void onReply(DatagramPacket msg) {
        ByteBuf content = msg.content();
        int received = content.readableBytes();
        byte[] p = ByteBufUtil.getBytes(content, content.readerIndex(), Math.min(received, Wire.MAX_LENGTH + 1));
        int serverIndex = serverAt(msg.sender());
        if (serverIndex < 0 || Wire.malformation(p, received) != null) {
            counters.increment(Counter.UPSTREAM_UNEXPECTED);
            return;
        }
        Pending request = pending[serverIndex].get(Wire.identifier(p));
        if (request == null || request.result() == null) {
            counters.increment(Counter.UPSTREAM_UNEXPECTED);
            return;
        }
        RadiusSettings.Server server = servers.get(serverIndex);
        if (!Wire.responseAuthenticatorValid(p, request.requestAuthenticator(), server.secret())) {
            counters.increment(Counter.UPSTREAM_BAD_AUTHENTICATOR);
            log.warn("dropped a reply from RADIUS upstream {} with a wrong Response Authenticator", server.name());
            return;
        }
        int code = Wire.code(p);
        boolean accessReply = code == Wire.ACCESS_ACCEPT || code == Wire.ACCESS_REJECT || code == Wire.ACCESS_CHALLENGE;
        if (!accessReply) {
            counters.increment(Counter.UPSTREAM_UNEXPECTED);
            return;
        }
        if (!Wire.messageAuthenticatorValid(p, request.requestAuthenticator(), server.secret())) {
            counters.increment(Counter.UPSTREAM_BAD_MESSAGE_AUTHENTICATOR);
            log.warn("dropped a reply from RADIUS upstream {} without a valid Message-Authenticator", server.name());
            return;
        }
        if (!pending[serverIndex].compareAndSet(Wire.identifier(p), request, null) || request.result().isDone()) {
            return;
        }
        deadUntil[serverIndex] = 0;
        byte[] trimmed = Arrays.copyOf(p, Wire.declaredLength(p));
        if (code == Wire.ACCESS_CHALLENGE) {
            for (Wire.Attr a : Wire.attributes(trimmed)) {
                if (a.type() == Wire.STATE) {
                    stateOwners.put(ByteBuffer.wrap(a.value()), serverIndex);
                }
            }
        }
        request.result().complete(new Reply(trimmed, request.requestAuthenticator(), server));
    }

    private Integer ownerOf(byte[] state) {
        if (state == null) {
            return null;
        }
        // kept (until it expires) so that a NAS's retransmission of the round reaches the same server
        return stateOwners.getIfPresent(ByteBuffer.wrap(state));
    }

    /** Drops State owners whose conversation was abandoned. */
    void expireStates() {
        stateOwners.cleanUp();
    }

    private int serverAt(InetSocketAddress sender) {
        if (sender == null) {
            return -1;
        }
        InetAddress a = sender.getAddress();
        for (int i = 0; i < servers.size(); i++) {
            RadiusSettings.Server s = servers.get(i);
            if (s.port() == sender.getPort() && s.address().toInetAddress().equals(a)) {
                return i;
            }
        }
        return -1;
    }

    private synchronized void markDead(int serverIndex) {
        deadUntil[serverIndex] = System.nanoTime() + deadTimeNanos;
        if (deadUntil[serverIndex] == 0) {
            deadUntil[serverIndex] = 1;
        }
    }

    private synchronized int firstLiveServer() {
        long now = System.nanoTime();
        int soonest = 0;
        for (int i = 0; i < servers.size(); i++) {
            if (deadUntil[i] == 0 || deadUntil[i] - now < 0) {
                return i;
            }
            if (deadUntil[i] - deadUntil[soonest] < 0) {
                soonest = i;
            }
        }
        return soonest; // all dead: try the one that has rested longest
    }

    private synchronized int nextServer(int after) {
        long now = System.nanoTime();
        for (int k = 1; k <= servers.size(); k++) {
            int i = (after + k) % servers.size();
            if (deadUntil[i] == 0 || deadUntil[i] - now < 0) {
                return i;
            }
        }
        return (after + 1) % servers.size();
    }

    InetSocketAddress localAddress() {
        return (InetSocketAddress) channel.localAddress();
    }

    @Override
    public void close() {
        channel.close().syncUninterruptibly();
    }
}
