package io.swanledger.live;

import io.swanledger.api.identity.GatewayId;
import io.swanledger.api.session.CloseReason;
import io.swanledger.api.session.CloseSession;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

/**
 * Ends the sessions whose end was missed. A NAS does not send an Accounting-Stop again after the
 * gateway refused the connection (strongSwan gives up), so a session that left while the gateway was
 * down would otherwise stay open forever, its address held and "who held" naming it. A session of
 * this gateway with no accounting and no VICI sign of life for {@link SessionProperties#lostAfter}
 * is closed {@code accounting-lost} as of when it was last seen alive, so that no lease is
 * overstated; its address and route follow. Silence counts only while the gateway listens: after a
 * start, sessions get a whole allowance to show life. At start, the sessions this gateway takes
 * over are listed with when each was last seen.
 */
public class SilentSessions implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(SilentSessions.class);
    private static final int BATCH = 500;
    private static final int LISTED_AT_START = 20;

    private final LiveSessions sessions;
    private final CommandGateway commands;
    private final GatewayId gateway;
    private final Duration lostAfter;
    private final Duration period;
    private ScheduledExecutorService executor;
    private boolean running;
    private volatile Instant startedAt = Instant.now();

    public SilentSessions(LiveSessions sessions, CommandGateway commands, GatewayId gateway, SessionProperties properties) {
        this.sessions = sessions;
        this.commands = commands;
        this.gateway = gateway;
        this.lostAfter = properties.lostAfter();
        // often enough that a session ends within a tenth of the allowance (at most a minute) after it ran out
        this.period = lostAfter == null ? null
                : Duration.ofMillis(Math.max(200, Math.min(60_000, lostAfter.toMillis() / 10)));
    }

    @Override
    public synchronized void start() {
        running = true;
        startedAt = Instant.now();
        reportTakenOver();
        if (lostAfter == null) {
            log.info("silent sessions are kept (swanledger.session.lost-after-intervals=0)");
            return;
        }
        executor = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "swanledger-silent-sessions");
            t.setDaemon(true);
            return t;
        });
        executor.scheduleWithFixedDelay(this::sweepQuietly, 0, period.toMillis(), TimeUnit.MILLISECONDS);
        log.info("a session silent for {} (no accounting, no VICI sign of life) is closed accounting-lost; checked every {}",
                lostAfter, period);
    }

    private void reportTakenOver() {
        List<LiveSessions.Silent> open = sessions.openWithLastSeen(gateway);
        if (open.isEmpty()) {
            return;
        }
        log.info("took over {} open session(s) of gateway {} from the history (oldest sign of life first){}", open.size(),
                gateway, lostAfter == null ? "" : "; each is closed accounting-lost once silent for " + lostAfter);
        open.stream().limit(LISTED_AT_START).forEach(s -> log.info("  session {} {} {} last seen {}", s.id(), s.account(),
                s.address(), s.lastSeen()));
        if (open.size() > LISTED_AT_START) {
            log.info("  … and {} more (GET /api/status lists the count)", open.size() - LISTED_AT_START);
        }
    }

    private void sweepQuietly() {
        try {
            sweep(Instant.now());
        } catch (RuntimeException e) {
            log.warn("silent sessions could not be checked (retried in {}): {}", period, e.getMessage());
        }
    }

    /** Closes what has been silent too long at {@code now}; returns how many. */
    public int sweep(Instant now) {
        // silence only counts while this gateway listens: what was sent while it was down never arrived,
        // so sessions it took over get a whole allowance after the start to show life
        if (lostAfter == null || now.isBefore(startedAt.plus(lostAfter))) {
            return 0;
        }
        int closed = 0;
        for (LiveSessions.Silent s : sessions.silentSince(gateway, now.minus(lostAfter), BATCH)) {
            try {
                commands.sendAndWait(new CloseSession(s.id(), CloseReason.ACCOUNTING_LOST,
                        "no accounting or VICI sign of life for " + lostAfter + " after " + s.lastSeen(),
                        "swanledger", null, gateway, s.lastSeen()));
                log.info("session {} ({}, {}) was silent since {}: closed accounting-lost as of then", s.id(), s.account(),
                        s.address(), s.lastSeen());
                closed++;
            } catch (RuntimeException e) {
                log.warn("session {}: could not close it as accounting-lost (retried): {}", s.id(), e.getMessage());
            }
        }
        return closed;
    }

    @Override
    public synchronized void stop() {
        running = false;
        if (executor != null) {
            executor.shutdownNow();
            executor = null;
        }
    }

    @Override
    public synchronized boolean isRunning() {
        return running;
    }

    @Override
    public int getPhase() {
        return Integer.MAX_VALUE - 10;
    }
}
