package io.swanledger.commandside;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.EventProcessor;
import org.axonframework.eventhandling.TrackingEventProcessor;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.springframework.boot.actuate.health.AbstractHealthIndicator;
import org.springframework.boot.actuate.health.Health;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The tracking processors (routing, saga, the query side's projection): each must run, not be in
 * error, and its lag — events in the store it has not handled yet, and how old the oldest of them is —
 * is reported in the health details and as the gauges {@code swanledger.projection.lag.events} and
 * {@code swanledger.projection.lag.seconds}.
 */
public class ProcessorsHealth extends AbstractHealthIndicator implements MeterBinder {

    private final EventProcessingConfiguration processing;
    private final EventStore store;
    private final JdbcTemplate jdbc;

    public ProcessorsHealth(EventProcessingConfiguration processing, EventStore store, JdbcTemplate jdbc) {
        super("event processors could not be checked");
        this.processing = processing;
        this.store = store;
        this.jdbc = jdbc;
    }

    @Override
    protected void doHealthCheck(Health.Builder builder) {
        boolean up = true;
        long head = head();
        for (Map.Entry<String, EventProcessor> e : processing.eventProcessors().entrySet()) {
            if (!(e.getValue() instanceof TrackingEventProcessor p)) {
                continue;
            }
            Map<String, Object> d = new LinkedHashMap<>();
            d.put("running", p.isRunning());
            d.put("error", p.isError());
            d.put("lagEvents", lag(p, head));
            builder.withDetail(e.getKey(), d);
            up &= p.isRunning() && !p.isError();
        }
        if (up) {
            builder.up();
        } else {
            builder.down();
        }
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        processing.eventProcessors().forEach((name, processor) -> {
            if (processor instanceof TrackingEventProcessor p) {
                Gauge.builder("swanledger.projection.lag.events", p, x -> lag(x, head()))
                        .description("events in the store the processor has not handled yet")
                        .tag("processor", name).register(registry);
                Gauge.builder("swanledger.projection.lag.seconds", p, this::lagSeconds)
                        .description("age of the oldest event the processor has not handled yet (0 when none)")
                        .tag("processor", name).register(registry);
            }
        });
    }

    private long head() {
        TrackingToken t = store.createHeadToken();
        OptionalLong p = t == null ? OptionalLong.empty() : t.position();
        return p.orElse(0);
    }

    /** How long ago the oldest event it has not handled was stored. */
    private double lagSeconds(TrackingEventProcessor p) {
        long position = Long.MAX_VALUE;
        for (var status : p.processingStatus().values()) {
            position = Math.min(position, status.getCurrentPosition().orElse(-1));
        }
        if (position == Long.MAX_VALUE) {
            return Double.NaN;
        }
        try {
            List<String> next = jdbc.queryForList("select time_stamp from domain_event_entry where global_index > ? "
                    + "order by global_index limit 1", String.class, position);
            if (next.isEmpty()) {
                return 0;
            }
            return Math.max(0, Duration.between(Instant.parse(next.get(0)), Instant.now()).toMillis() / 1000.0);
        } catch (RuntimeException storeUnreachable) {
            return Double.NaN;
        }
    }

    private static long lag(TrackingEventProcessor p, long head) {
        long behind = 0;
        for (var status : p.processingStatus().values()) {
            OptionalLong position = status.getCurrentPosition();
            behind = Math.max(behind, Math.max(0, head - position.orElse(-1)));
        }
        return p.processingStatus().isEmpty() ? -1 : behind;
    }
}
