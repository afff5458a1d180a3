package io.swanledger.radius;

import io.netty.channel.Channel;
import io.swanledger.radius.RadiusCounters.Counter;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.function.Supplier;
import org.axonframework.commandhandling.gateway.CommandGateway;

/**
 * How the front runs a command. One the command bus queues for group commit (an authorization, an
 * establish, a close) is sent from the event loop that decided it, and its answer is encoded and
 * sent from its completion, on the channel's event loop: no thread waits for it. Anything else (a
 * command the bus would handle on the calling thread, a lookup that needs the database, the spool)
 * runs on a worker that may block. Under churn a blocked worker cost two more wake-ups per request
 * on two busy cores. Both ways are bounded: {@code limit} requests in flight, then new ones are shed
 * and counted; a queued command's answer is given up after {@code timeout}.
 */
final class Dispatch {

    private final CommandGateway commands;
    private final Predicate<Object> queued;
    private final Executor workers;
    private final RadiusCounters counters;
    private final int limit;
    private final long timeoutMillis;
    private final AtomicInteger inFlight = new AtomicInteger();

    Dispatch(CommandGateway commands, Predicate<Object> queued, Executor workers, RadiusCounters counters, int limit,
             Duration timeout) {
        this.commands = commands;
        this.queued = queued;
        this.workers = workers;
        this.counters = counters;
        this.limit = limit;
        this.timeoutMillis = timeout.toMillis();
    }

    /** True when {@code command} can be sent from an event loop (the bus queues it, never runs it there). */
    boolean queues(Object command) {
        return queued.test(command);
    }

    /**
     * Sends a command {@linkplain #queues queued} by the bus; {@code answer} turns its result into the
     * reply. If it fails, {@code failed} decides (on the event loop) what happens to the request.
     */
    <R> void send(Object command, Request request, Function<R, byte[]> answer, Consumer<RuntimeException> failed) {
        if (!admitted(request)) {
            return;
        }
        CompletableFuture<R> result;
        try {
            result = commands.<R>send(command).orTimeout(timeoutMillis, TimeUnit.MILLISECONDS);
        } catch (RuntimeException e) {
            inFlight.decrementAndGet();
            failed.accept(e);
            return;
        }
        result.whenCompleteAsync((value, failure) -> {
            inFlight.decrementAndGet();
            if (failure == null) {
                try {
                    request.answer(answer.apply(value));
                    return;
                } catch (RuntimeException e) {
                    failure = e;
                }
            }
            failed.accept(unwrapped(failure));
        }, request.channel().eventLoop());
    }

    /** Runs {@code task} on a worker and sends its reply; what it throws is reported as {@link Request#failed}. */
    void onWorker(Request request, Supplier<byte[]> task) {
        if (!admitted(request)) {
            return;
        }
        try {
            workers.execute(() -> {
                try {
                    request.answer(task.get());
                } catch (RuntimeException e) {
                    request.failed(counters, e);
                } finally {
                    inFlight.decrementAndGet();
                }
            });
        } catch (RuntimeException rejected) {
            inFlight.decrementAndGet();
            request.shed(counters);
        }
    }

    /** Counts the request in flight, or sheds it over the limit. */
    private boolean admitted(Request request) {
        if (inFlight.incrementAndGet() <= limit) {
            return true;
        }
        inFlight.decrementAndGet();
        request.shed(counters);
        return false;
    }

    private static RuntimeException unwrapped(Throwable t) {
        Throwable c = t instanceof CompletionException && t.getCause() != null ? t.getCause() : t;
        return c instanceof RuntimeException r ? r : new CompletionException(c);
    }

    /** A request being decided: where its answer goes, and what it is called in the counters and the log. */
    record Request(ReplyCache cache, ReplyCache.Key key, Channel channel, Inbound in, String what) {

        void answer(byte[] reply) {
            Answers.send(cache, key, channel, in, reply);
        }

        void shed(RadiusCounters counters) {
            counters.increment(Counter.OVERLOADED);
            cache.forget(key);
        }

        void failed(RadiusCounters counters, RuntimeException e) {
            Answers.failed(cache, key, counters, in, what, e);
        }
    }
}
