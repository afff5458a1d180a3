package io.swanledger.commandside;

import io.swanledger.session.EstablishDeadlines;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

/** Runs {@link EstablishDeadlines#sweep} every period while the application runs (after the processors start). */
public class DeadlineSweeper implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(DeadlineSweeper.class);

    private final EstablishDeadlines deadlines;
    private final CommandGateway commands;
    private final Duration period;
    private ScheduledExecutorService executor;

    public DeadlineSweeper(EstablishDeadlines deadlines, CommandGateway commands, Duration period) {
        this.deadlines = deadlines;
        this.commands = commands;
        this.period = period;
    }

    @Override
    public synchronized void start() {
        executor = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "swanledger-deadlines");
            t.setDaemon(true);
            return t;
        });
        executor.scheduleWithFixedDelay(this::sweep, period.toMillis(), period.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void sweep() {
        try {
            int closed = deadlines.sweep(commands, Instant.now());
            if (closed > 0) {
                log.info("closed {} session(s) that never came up before their deadline", closed);
            }
        } catch (RuntimeException e) {
            log.warn("establish deadlines could not be checked (retried in {}): {}", period, e.getMessage());
        }
    }

    @Override
    public synchronized void stop() {
        if (executor != null) {
            executor.shutdownNow();
            executor = null;
        }
    }

    @Override
    public synchronized boolean isRunning() {
        return executor != null;
    }

    @Override
    public int getPhase() {
        // after Axon's processors (which start in phase Integer.MAX_VALUE / 2 and below)
        return Integer.MAX_VALUE - 10;
    }
}
