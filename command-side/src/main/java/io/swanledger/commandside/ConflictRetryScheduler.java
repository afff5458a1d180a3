package io.swanledger.commandside;

import java.util.List;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicLong;
import org.axonframework.commandhandling.CommandMessage;
import org.axonframework.commandhandling.gateway.ExponentialBackOffIntervalRetryScheduler;
import org.axonframework.commandhandling.gateway.RetryScheduler;
import org.axonframework.modelling.command.ConcurrencyException;

/**
 * Retries commands that lost an optimistic-concurrency race (another gateway appended to the same
 * aggregate first) with exponential back-off, and counts them, so that operators and tests can see
 * how contended a pool is. Nothing else is retried: a store that is down fails the command at once
 * (bounded by the connection timeout), so that no RADIUS worker or VICI thread waits through minutes
 * of retries, and the caller decides (the RADIUS front does not answer, accounting is spooled).
 */
public class ConflictRetryScheduler implements RetryScheduler {

    private final RetryScheduler delegate;
    private final AtomicLong conflicts = new AtomicLong();
    private final AtomicLong givenUp = new AtomicLong();

    public ConflictRetryScheduler(ScheduledExecutorService executor, int maxRetries, long backoffMillis) {
        this.delegate = ExponentialBackOffIntervalRetryScheduler.builder()
                .retryExecutor(executor).maxRetryCount(maxRetries).backoffFactor(backoffMillis).build();
    }

    @Override
    public boolean scheduleRetry(CommandMessage commandMessage, RuntimeException lastFailure,
                                 List<Class<? extends Throwable>[]> failures, Runnable commandDispatch) {
        if (!isConflict(lastFailure)) {
            return false;
        }
        conflicts.incrementAndGet();
        boolean retrying = delegate.scheduleRetry(commandMessage, lastFailure, failures, commandDispatch);
        if (!retrying) {
            givenUp.incrementAndGet();
        }
        return retrying;
    }

    static boolean isConflict(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (c instanceof ConcurrencyException) {
                return true;
            }
        }
        return false;
    }

    /** Optimistic-concurrency conflicts seen (each was retried unless counted in {@link #conflictsGivenUp()}). */
    public long conflicts() {
        return conflicts.get();
    }

    public long conflictsGivenUp() {
        return givenUp.get();
    }
}
