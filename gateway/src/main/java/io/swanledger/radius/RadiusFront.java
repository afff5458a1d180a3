package io.swanledger.radius;

import io.netty.channel.EventLoopGroup;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.swanledger.api.identity.GatewayId;
import io.swanledger.api.identity.PoolId;
import io.swanledger.live.LiveSessions;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Predicate;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.tinyradius.core.dictionary.DefaultDictionary;
import org.tinyradius.core.dictionary.Dictionary;
import org.tinyradius.io.server.RadiusServer;

/**
 * The RADIUS front: authentication and accounting ports (tinyradius-netty's {@link RadiusServer}),
 * the upstream relay, and the workers for what may block. Starts last, after Axon's processors, so that no login is
 * handled before the projections and the saga run; stops first.
 */
public class RadiusFront implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(RadiusFront.class);

    private final RadiusSettings settings;
    private final RadiusCounters counters = new RadiusCounters();
    private final CommandGateway commands;
    private final LiveSessions sessions;
    private final GatewayId gateway;
    private final PoolId pool;
    private final Duration interimInterval;
    private final Predicate<Object> queued;
    private final Duration commandTimeout;
    private EventLoopGroup group;
    private ThreadPoolExecutor workers;
    private UpstreamRelay relay;
    private RadiusServer server;
    private AccountingSpool spool;
    private SpoolReplay replay;
    private volatile boolean running;

    /**
     * @param queued         true for a command the command bus queues for group commit, which may then be
     *                       sent from an event loop (see {@link Dispatch})
     * @param commandTimeout how long such a command's answer is waited for
     */
    public RadiusFront(RadiusProperties properties, CommandGateway commands, LiveSessions sessions, GatewayId gateway,
                       PoolId pool, Duration interimInterval, Predicate<Object> queued, Duration commandTimeout) {
        this.queued = queued;
        this.commandTimeout = commandTimeout;
        this.settings = new RadiusSettings(properties);
        this.interimInterval = interimInterval;
        this.commands = commands;
        this.sessions = sessions;
        this.gateway = gateway;
        this.pool = pool;
    }

    /**
     * Waits until both sockets are bound; returns null then, or why not. Not {@code isReady()} alone:
     * tinyradius-netty counts the two binds with a {@code PromiseCombiner} on the immediate executor,
     * and when both complete at once on two event loops one count can be lost and the promise never
     * completes (seen here as a start that hung for good).
     */
    private static String awaitListening(RadiusServer server) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (true) {
            if (server.isReady().isDone()) {
                return server.isReady().isSuccess() ? null : "bind failed";
            }
            if (server.getAuthChannel().isActive() && server.getAcctChannel().isActive()) {
                return null;
            }
            if (!server.getAuthChannel().isOpen() || !server.getAcctChannel().isOpen()) {
                server.isReady().awaitUninterruptibly(100);
                return "a socket was closed before it was bound";
            }
            if (System.nanoTime() > deadline) {
                return "not bound within 30 s";
            }
            server.isReady().awaitUninterruptibly(10);
        }
    }

    @Override
    public synchronized void start() {
        Dictionary dictionary = DefaultDictionary.INSTANCE;
        group = new NioEventLoopGroup(2, new DefaultThreadFactory("radius-io", true));
        workers = new ThreadPoolExecutor(settings.workers, settings.workers, 60, TimeUnit.SECONDS,
                new ArrayBlockingQueue<>(settings.queueLimit), new DefaultThreadFactory("radius-worker", true));
        try {
            relay = new UpstreamRelay(settings, counters, dictionary, group);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while binding the RADIUS relay socket", e);
        }
        Dispatch dispatch = new Dispatch(commands, queued, workers, counters, settings.queueLimit, commandTimeout);
        Replies replies = new Replies(dictionary);
        long keep = settings.replyCacheTime.toNanos();
        AccessHandler access = new AccessHandler(settings, counters, new ReplyCache(keep, 200_000), relay, replies,
                new LoginDecorator(settings, replies, counters, commands, gateway, pool, interimInterval), dispatch);
        ReplyCache accountingCache = new ReplyCache(keep, 200_000);
        AccountingRecorder recorder = new AccountingRecorder(replies, counters, commands, sessions, gateway);
        spool = new AccountingSpool(settings.spoolDir);
        if (spool.size() > 0) {
            log.warn("{} accounting request(s) acknowledged before are waiting in {}; they are recorded as soon as the "
                    + "store takes them", spool.size(), spool.dir());
        }
        replay = new SpoolReplay(spool, recorder, settings, counters);
        AccountingHandler accounting = new AccountingHandler(settings, counters, accountingCache, recorder, dispatch, spool);
        server = new RadiusServer(Wire.bootstrap(group), access, accounting,
                new InetSocketAddress(settings.listenAddress.toInetAddress(), settings.authPort),
                new InetSocketAddress(settings.listenAddress.toInetAddress(), settings.acctPort));
        String failure = awaitListening(server);
        if (failure != null) {
            Throwable cause = server.isReady().isDone() ? server.isReady().cause() : null;
            stop();
            throw new IllegalStateException("cannot listen for RADIUS on " + settings.listenAddress + " ports "
                    + settings.authPort + "/" + settings.acctPort + ": " + (cause != null ? cause : failure), cause);
        }
        group.scheduleAtFixedRate(() -> {
            access.expire();
            accountingCache.expire();
            relay.expireStates();
        }, 1, 1, TimeUnit.SECONDS);
        group.scheduleAtFixedRate(this::logCounters, 60, 60, TimeUnit.SECONDS);
        group.scheduleWithFixedDelay(() -> {
            try {
                workers.execute(this::replayOnce);
            } catch (RejectedExecutionException busy) {
                // the workers are saturated: the next tick tries again
            }
        }, 1, 1, TimeUnit.SECONDS);
        running = true;
        log.info("RADIUS front listening on {} (auth) and {} (accounting) for {} NAS, relaying to {}",
                authAddress(), accountingAddress(), settings.clientsByAddress.size(),
                settings.upstreams.stream().map(RadiusSettings.Server::name).toList());
        if (settings.commonNameAttribute == null && !settings.userNameVouchesForCertificates) {
            log.warn("EAP-TLS logins will get NO lab route: neither swanledger.radius.certificate.common-name-attribute "
                    + "nor swanledger.radius.certificate.user-name-vouches is set, so nothing the upstream sends names a "
                    + "certificate's holder (the EAP identity is the client's claim, CVE-2012-4741)");
        }
    }

    private final AtomicBoolean replaying = new AtomicBoolean();

    /** One replay at a time, on a worker (never the event loop). */
    private void replayOnce() {
        if (replaying.compareAndSet(false, true)) {
            try {
                replay.run();
            } finally {
                replaying.set(false);
            }
        }
    }

    /** Accounting requests acknowledged and waiting for the store, and the last reason they still wait. */
    public Map<String, Object> spoolStatus() {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("dir", settings.spoolDir.toString());
        out.put("waiting", spool == null ? 0 : spool.size());
        out.put("lastError", replay == null ? null : replay.lastError());
        return out;
    }

    private Map<String, Long> lastCounters = Map.of();

    /** Once a minute, what changed, so that an operator sees drops and failovers without asking. */
    private void logCounters() {
        Map<String, Long> now = counters.snapshot();
        StringBuilder changed = new StringBuilder();
        now.forEach((name, value) -> {
            long delta = value - lastCounters.getOrDefault(name, 0L);
            if (delta != 0) {
                changed.append(changed.length() == 0 ? "" : ", ").append(name).append(" +").append(delta);
            }
        });
        lastCounters = now;
        if (changed.length() > 0) {
            log.info("RADIUS in the last minute: {}", changed);
        }
    }

    @Override
    public synchronized void stop() {
        running = false;
        if (server != null) {
            server.close();
        }
        if (relay != null) {
            relay.close();
        }
        if (workers != null) {
            workers.shutdown();
            try {
                workers.awaitTermination(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        if (group != null) {
            group.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    @Override
    public int getPhase() {
        return Integer.MAX_VALUE;
    }

    public RadiusCounters counters() {
        return counters;
    }

    public InetSocketAddress authAddress() {
        return (InetSocketAddress) server.getAuthChannel().localAddress();
    }

    public InetSocketAddress accountingAddress() {
        return (InetSocketAddress) server.getAcctChannel().localAddress();
    }
}
