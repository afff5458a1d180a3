package io.swanledger.commandside;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.swanledger.session.SessionPolicy;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.axonframework.commandhandling.CommandBus;
import org.axonframework.common.transaction.TransactionManager;
import org.axonframework.config.ConfigurationScopeAwareProvider;
import org.axonframework.deadline.DeadlineManager;
import org.axonframework.deadline.SimpleDeadlineManager;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.commandhandling.gateway.DefaultCommandGateway;
import org.axonframework.springboot.autoconfig.AxonAutoConfiguration;
import org.axonframework.springboot.autoconfig.ObjectMapperAutoConfiguration;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Lazy;

/**
 * Spring Boot wiring of the command side: the {@link CommandSideModule}, the site policy from
 * {@code swanledger.*} properties, a command gateway that retries concurrency conflicts, and the
 * object mapper Axon serializes with (ISO-8601 instants and durations, decided before any data exists).
 */
@AutoConfiguration(before = {ObjectMapperAutoConfiguration.class, AxonAutoConfiguration.class})
public class CommandSideAutoConfiguration {

    @Bean
    public SessionPolicy sessionPolicy(@Value("${swanledger.session.establish-timeout:60s}") Duration establishTimeout,
                                       @Value("${swanledger.vlan.unlisted-pair:ordinary}") String unlistedPair) {
        SessionPolicy.UnlistedPair mode;
        try {
            mode = SessionPolicy.UnlistedPair.valueOf(unlistedPair.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException("swanledger.vlan.unlisted-pair must be 'ordinary' or 'reject', not '" + unlistedPair + "'");
        }
        return new SessionPolicy(establishTimeout, mode);
    }

    @Bean
    public CommandSideModule commandSideModule(SessionPolicy policy,
                                               @Value("${swanledger.pool.snapshot-threshold:250}") int poolSnapshotThreshold) {
        if (poolSnapshotThreshold < 10) {
            throw new IllegalStateException("swanledger.pool.snapshot-threshold must be at least 10");
        }
        return new CommandSideModule(policy, poolSnapshotThreshold);
    }

    @Bean(destroyMethod = "shutdownNow")
    public ScheduledExecutorService commandRetryExecutor() {
        return Executors.newScheduledThreadPool(2, r -> {
            Thread t = new Thread(r, "swanledger-command-retry");
            t.setDaemon(true);
            return t;
        });
    }

    @Bean
    public ConflictRetryScheduler conflictRetryScheduler(ScheduledExecutorService commandRetryExecutor,
                                                         @Value("${swanledger.command.max-retries:10}") int maxRetries) {
        return new ConflictRetryScheduler(commandRetryExecutor, maxRetries, 2);
    }

    @Bean
    public CommandGateway commandGateway(CommandBus commandBus, ConflictRetryScheduler retryScheduler) {
        return DefaultCommandGateway.builder().commandBus(commandBus).retryScheduler(retryScheduler).build();
    }

    /**
     * Establish deadlines live in memory: after a restart the gateway's reconciliation with strongSwan
     * closes what never came up. (A persistent deadline manager can replace this bean.)
     */
    @Bean
    @ConditionalOnMissingBean
    public DeadlineManager deadlineManager(@Lazy org.axonframework.config.Configuration axon, TransactionManager tx) {
        return SimpleDeadlineManager.builder().scopeAwareProvider(new ConfigurationScopeAwareProvider(axon))
                .transactionManager(tx).build();
    }

    @Bean("defaultAxonObjectMapper")
    public ObjectMapper defaultAxonObjectMapper() {
        return new ObjectMapper().findAndRegisterModules()
                .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
                .disable(SerializationFeature.WRITE_DURATIONS_AS_TIMESTAMPS)
                .disable(DeserializationFeature.ADJUST_DATES_TO_CONTEXT_TIME_ZONE);
    }
}
