package io.swanledger.commandside;

import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.swanledger.eventstore.GroupCommitCommandBus;
import java.util.concurrent.TimeUnit;

/**
 * How group commit goes: {@code swanledger.command.group} (how long a group took, by outcome:
 * committed, or handled again command by command) and {@code swanledger.command.group.commands}
 * (how many commands a group held), {@code swanledger.command.group.commit} (the store's commit of a
 * group). Small groups under load mean the commit itself is what waits; slow commits, a slow disk.
 */
public final class GroupCommitMetrics implements MeterBinder {

    private final GroupCommitCommandBus bus;

    GroupCommitMetrics(GroupCommitCommandBus bus) {
        this.bus = bus;
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        Timer committed = Timer.builder("swanledger.command.group").tag("outcome", "committed")
                .description("a group of commands, from taking it to answering it").register(registry);
        Timer alone = Timer.builder("swanledger.command.group").tag("outcome", "handled-alone")
                .description("a group of commands, from taking it to answering it").register(registry);
        DistributionSummary commands = DistributionSummary.builder("swanledger.command.group.commands")
                .description("commands in a group").register(registry);
        Timer commit = Timer.builder("swanledger.command.group.commit")
                .description("the store's commit of a group (on PostgreSQL its write-ahead log reaching the disk)")
                .register(registry);
        bus.observeGroups((n, nanos, commitNanos, ok) -> {
            (ok ? committed : alone).record(nanos, TimeUnit.NANOSECONDS);
            commands.record(n);
            if (commitNanos >= 0) {
                commit.record(commitNanos, TimeUnit.NANOSECONDS);
            }
        });
    }
}
