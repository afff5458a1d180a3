package io.swanledger.routing;

import io.micrometer.core.instrument.Metrics;
import java.time.Instant;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

/**
 * Makes the kernel match {@link LiveRoutes}: at start-up, after every committed change (changes that
 * arrive together are applied together), and every {@code periodSeconds} to repair what someone
 * else changed. A failure is logged and retried at the next tick; the events are never lost.
 */
public class RoutingApplier implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(RoutingApplier.class);

    private final LiveRoutes routes;
    private final KernelRouting kernel;
    private final long periodSeconds;
    private final AtomicBoolean pending = new AtomicBoolean();
    private ScheduledExecutorService executor;
    private volatile boolean running;
    private volatile Status status = new Status(null, 0, 0, null);

    /** The last reconciliation with the kernel: when, what it changed, and its error if it failed. */
    public record Status(Instant at, int added, int removed, String error) {
    }

    private final KernelCommands commands;

    public RoutingApplier(LiveRoutes routes, KernelRouting kernel, KernelCommands commands, long periodSeconds) {
        this.routes = routes;
        this.kernel = kernel;
        this.commands = commands;
        this.periodSeconds = periodSeconds;
    }

    @Override
    public synchronized void start() {
        SysctlCheck.warnings(SysctlCheck.reader(commands)).forEach(w -> log.warn("routing: {}", w));
        executor = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "routing-applier");
            t.setDaemon(true);
            return t;
        });
        routes.onChange(this::request);
        executor.scheduleWithFixedDelay(this::applyNow, 0, periodSeconds, TimeUnit.SECONDS);
        running = true;
    }

    private void request() {
        if (pending.compareAndSet(false, true)) {
            executor.execute(this::applyNow);
        }
    }

    private void applyNow() {
        pending.set(false);
        long t0 = System.nanoTime();
        try {
            KernelRouting.Changes c = kernel.apply(routes.vlans(), routes.grants());
            // the global registry is Spring Boot's composite when Actuator runs, a no-op otherwise
            Metrics.timer("swanledger.routing.apply", "outcome", "ok")
                    .record(System.nanoTime() - t0, TimeUnit.NANOSECONDS);
            status = new Status(Instant.now(), c.added(), c.removed(), null);
            if (c.added() > 0 || c.removed() > 0) {
                log.info("routing: {} client route(s) added, {} removed", c.added(), c.removed());
            }
        } catch (RuntimeException e) {
            Metrics.timer("swanledger.routing.apply", "outcome", "failed")
                    .record(System.nanoTime() - t0, TimeUnit.NANOSECONDS);
            status = new Status(Instant.now(), 0, 0, e.getMessage());
            log.error("routing: the kernel could not be brought in line (retried in {} s): {}", periodSeconds, e.getMessage());
        }
    }

    public Status status() {
        return status;
    }

    @Override
    public synchronized void stop() {
        running = false;
        if (executor != null) {
            executor.shutdownNow();
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    @Override
    public int getPhase() {
        return Integer.MAX_VALUE - 2;
    }
}
