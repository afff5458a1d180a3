package io.swanledger.gateway;

import io.swanledger.api.InvalidValueException;
import io.swanledger.api.identity.PoolId;
import io.swanledger.api.net.CidrPrefix;
import io.swanledger.api.net.Ipv4Address;
import io.swanledger.api.net.Ipv4Range;
import io.swanledger.api.pool.DefinePool;
import io.swanledger.api.pool.PoolChanges;
import io.swanledger.api.pool.ReconfigurePool;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

/**
 * Defines the configured pool in the event store before the first login (phase just below the RADIUS
 * front), and on every later start brings the stored pool in line with the configuration: added
 * ranges and unreserved addresses become free, removed ones leave (a held one when it is released).
 */
class PoolDefinition implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(PoolDefinition.class);

    private final DefinePool definition;
    private final CommandGateway commands;
    private final EventStore eventStore;
    private volatile boolean running;

    PoolDefinition(PoolProperties p, CommandGateway commands, EventStore eventStore) {
        this.definition = parse(p);
        this.commands = commands;
        this.eventStore = eventStore;
    }

    static DefinePool parse(PoolProperties p) {
        try {
            if (p.network() == null || p.ranges() == null || p.ranges().isEmpty()) {
                throw new InvalidValueException("swanledger.pool", "needs network and ranges, e.g. network: 10.1.0.0/16 "
                        + "and ranges: [10.1.0.10-10.1.255.250]");
            }
            List<Ipv4Range> ranges = new ArrayList<>();
            p.ranges().forEach(r -> ranges.add(Ipv4Range.parse(r.trim())));
            Set<Ipv4Address> reserved = p.reserved() == null ? Set.of()
                    : p.reserved().stream().map(a -> Ipv4Address.parse("swanledger.pool.reserved", a.trim()))
                    .collect(Collectors.toSet());
            return new DefinePool(PoolId.of(p.id()), CidrPrefix.parse(p.network().trim()), ranges, reserved,
                    p.quarantine(), "gateway configuration", Instant.now());
        } catch (InvalidValueException e) {
            throw new IllegalStateException("swanledger.pool is invalid: " + e.getMessage(), e);
        }
    }

    PoolId poolId() {
        return definition.poolId();
    }

    /** How many addresses the configured ranges hand out (network, broadcast and reserved ones left out). */
    double size() {
        long n = 0;
        for (var r : definition.ranges()) {
            for (long v = r.first().unsigned(); v <= r.last().unsigned(); v++) {
                int a = (int) v;
                if (a != definition.network().network().bits() && a != definition.network().broadcast().bits()
                        && definition.reserved().stream().noneMatch(x -> x.bits() == a)) {
                    n++;
                }
            }
        }
        return n;
    }

    @Override
    public void start() {
        if (eventStore.lastSequenceNumberFor(definition.poolId().value()).isPresent()) {
            PoolChanges c = commands.sendAndWait(new ReconfigurePool(definition.poolId(), definition.network(),
                    definition.ranges(), definition.reserved(), definition.quarantine(), "gateway configuration",
                    Instant.now()));
            if (c.none()) {
                log.info("pool {} is defined as configured", definition.poolId());
            } else {
                log.info("pool {} brought in line with the configuration: ranges {} -> {}, reserved {}, unreserved {}{}",
                        definition.poolId(), c.rangesBefore(), c.rangesAfter(), c.reserved(), c.unreserved(),
                        c.quarantineChanged() ? ", quarantine " + definition.quarantine() : "");
            }
            if (!c.leavingWhenReleased().isEmpty()) {
                log.info("pool {}: {} address(es) no longer in it are still held and leave when released: {}",
                        definition.poolId(), c.leavingWhenReleased().size(), c.leavingWhenReleased());
            }
        } else {
            commands.sendAndWait(definition);
            log.info("defined pool {}: {} {}", definition.poolId(), definition.network(), definition.ranges());
        }
        running = true;
    }

    @Override
    public void stop() {
        running = false;
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    @Override
    public int getPhase() {
        return Integer.MAX_VALUE - 1;
    }
}
