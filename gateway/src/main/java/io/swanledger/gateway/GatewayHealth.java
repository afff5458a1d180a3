package io.swanledger.gateway;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.swanledger.api.identity.GatewayId;
import io.swanledger.api.identity.PoolId;
import io.swanledger.api.pool.CountAddresses;
import java.time.Instant;
import java.util.List;
import org.axonframework.commandhandling.gateway.CommandGateway;
import io.swanledger.radius.RadiusCounters;
import io.swanledger.radius.RadiusFront;
import io.swanledger.live.LiveSessions;
import io.swanledger.vici.StrongSwanLink;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthIndicator;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * What Actuator reports for the gateway, on the management port (loopback by default): readiness
 * means the store answers ({@code db}), both RADIUS sockets are bound ({@code radius}), charon's VICI
 * socket is connected where one is configured ({@code vici}) and the tracking processors run
 * ({@code processors}, from the command side). The Prometheus scrape has every RADIUS counter by
 * outcome, the open sessions and pool addresses, the accounting spool and the processors' lag.
 */
@Configuration(proxyBeanMethods = false)
class GatewayHealth {

    @Bean
    HealthIndicator radiusHealthIndicator(RadiusFront radius) {
        return () -> radius.isRunning()
                ? Health.up().withDetail("auth", String.valueOf(radius.authAddress()))
                        .withDetail("accounting", String.valueOf(radius.accountingAddress()))
                        .withDetail("spool", radius.spoolStatus()).build()
                : Health.down().withDetail("reason", "the RADIUS sockets are not bound").build();
    }

    @Bean
    HealthIndicator viciHealthIndicator(ObjectProvider<StrongSwanLink> link) {
        return () -> {
            StrongSwanLink l = link.getIfAvailable();
            if (l == null) {
                return Health.up().withDetail("configured", false).build();
            }
            return (l.connected() ? Health.up() : Health.down()).withDetails(l.status()).build();
        };
    }

    @Bean
    MeterBinder gatewayMeters(RadiusFront radius, LiveSessions sessions, GatewayId gateway, PoolDefinition pool,
                              CommandGateway commands) {
        return registry -> bind(registry, radius, sessions, gateway, pool, commands);
    }

    /** One question to the pool per scrape, shared by the three gauges (it answers for a second). */
    private static final class PoolCounts {
        private final CommandGateway commands;
        private final PoolId pool;
        private CountAddresses.AddressCounts last;
        private long askedAt;

        PoolCounts(CommandGateway commands, PoolId pool) {
            this.commands = commands;
            this.pool = pool;
        }

        synchronized double get(String state) {
            if (last == null || System.nanoTime() - askedAt > 1_000_000_000L) {
                try {
                    last = commands.sendAndWait(new CountAddresses(pool, Instant.now()));
                    askedAt = System.nanoTime();
                } catch (RuntimeException storeDown) {
                    return Double.NaN;
                }
            }
            return switch (state) {
                case "free" -> last.free();
                case "held" -> last.held();
                default -> last.quarantined();
            };
        }
    }

    private static void bind(MeterRegistry registry, RadiusFront radius, LiveSessions sessions, GatewayId gateway,
                             PoolDefinition pool, CommandGateway commands) {
        RadiusCounters counters = radius.counters();
        for (RadiusCounters.Counter c : RadiusCounters.Counter.values()) {
            FunctionCounter.builder("swanledger.radius.packets", counters, x -> x.get(c))
                    .description("RADIUS requests by what became of them (accepted, rejected-by-upstream, dropped-…)")
                    .tag("outcome", c.label()).register(registry);
        }
        Gauge.builder("swanledger.sessions.open", sessions, s -> s.openCount(gateway))
                .description("open sessions of this gateway").register(registry);
        Gauge.builder("swanledger.pool.addresses", pool, PoolDefinition::size).tag("pool", pool.poolId().value())
                .tag("state", "configured").description("addresses the pool hands out").register(registry);
        PoolCounts counts = new PoolCounts(commands, pool.poolId());
        for (String state : List.of("free", "held", "quarantined")) {
            // strongly held: nothing else refers to the counter, and a gauge only keeps a weak reference
            Gauge.builder("swanledger.pool.addresses", counts, c -> c.get(state)).tag("pool", pool.poolId().value())
                    .tag("state", state).description("the pool's addresses by state (every gateway's sessions)")
                    .strongReference(true).register(registry);
        }
        Gauge.builder("swanledger.accounting.spool", radius, r -> ((Number) r.spoolStatus().get("waiting")).doubleValue())
                .description("accounting requests acknowledged and waiting for the store").register(registry);
    }
}
