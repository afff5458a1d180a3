package io.swanledger.commandside;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.swanledger.api.identity.GatewayId;
import io.swanledger.api.session.AuthorizeSession;
import io.swanledger.api.session.CloseSession;
import io.swanledger.api.session.EstablishSession;
import io.swanledger.eventstore.EventCacheUnlinker;
import io.swanledger.eventstore.EventTable;
import io.swanledger.eventstore.GroupCommitCommandBus;
import io.swanledger.eventstore.KnownTypesJacksonSerializer;
import io.swanledger.eventstore.PacedJdbcEventStorageEngine;
import io.swanledger.eventstore.Processors;
import io.swanledger.eventstore.StoreEnvironment;
import io.swanledger.eventstore.TokenTable;
import io.swanledger.session.DeadlineTable;
import io.swanledger.session.EstablishDeadlines;
import io.swanledger.session.PendingEstablishments;
import io.swanledger.session.RouteRevocations;
import io.swanledger.session.SessionPolicy;
import java.time.Duration;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import javax.sql.DataSource;
import org.axonframework.commandhandling.CommandBus;
import org.axonframework.commandhandling.CommandBusSpanFactory;
import org.axonframework.commandhandling.DuplicateCommandHandlerResolver;
import org.axonframework.commandhandling.SimpleCommandBus;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.commandhandling.gateway.DefaultCommandGateway;
import org.axonframework.common.jdbc.PersistenceExceptionResolver;
import org.axonframework.common.transaction.TransactionManager;
import org.axonframework.config.ConfigurerModule;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.EventBus;
import org.axonframework.eventhandling.EventBusSpanFactory;
import org.axonframework.eventhandling.tokenstore.TokenStore;
import org.axonframework.eventsourcing.eventstore.EmbeddedEventStore;
import org.axonframework.eventsourcing.eventstore.EventStorageEngine;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.axonframework.eventsourcing.eventstore.jdbc.JdbcEventStorageEngine;
import org.axonframework.messaging.correlation.CorrelationDataProvider;
import org.axonframework.messaging.interceptors.CorrelationDataInterceptor;
import org.axonframework.serialization.ChainingConverter;
import org.axonframework.serialization.RevisionResolver;
import org.axonframework.serialization.Serializer;
import org.axonframework.serialization.json.JacksonSerializer;
import org.axonframework.spring.jdbc.SpringDataSourceConnectionProvider;
import org.axonframework.springboot.autoconfig.AxonAutoConfiguration;
import org.axonframework.springboot.autoconfig.JpaAutoConfiguration;
import org.axonframework.springboot.autoconfig.JpaEventStoreAutoConfiguration;
import org.axonframework.springboot.autoconfig.ObjectMapperAutoConfiguration;
import org.axonframework.springboot.util.RegisterDefaultEntities;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Spring Boot wiring of the command side: the {@link CommandSideModule}, the site policy from
 * {@code swanledger.*} properties, the command bus with group commit, a command gateway that retries
 * concurrency conflicts, the event store on Axon's JDBC engine, the rows kept beside the events, and
 * the object mapper Axon serializes with (ISO-8601 instants and durations, decided before any data exists).
 */
@AutoConfiguration(before = {ObjectMapperAutoConfiguration.class, AxonAutoConfiguration.class,
        JpaEventStoreAutoConfiguration.class, JpaAutoConfiguration.class})
// Axon's JPA event store configuration backs off for our engine; its entities must still be mapped.
@RegisterDefaultEntities(packages = "org.axonframework.eventsourcing.eventstore.jpa")
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

    /**
     * The aggregates and their command handlers. {@code swanledger.command-side.enabled=false} leaves
     * only the event store, for applications that read it (the query side).
     */
    @Bean
    @ConditionalOnProperty(name = "swanledger.command-side.enabled", havingValue = "true", matchIfMissing = true)
    public CommandSideModule commandSideModule(SessionPolicy policy, JdbcTemplate jdbc,
                                               @Value("${swanledger.store.kind:h2}") String storeKind,
                                               @Value("${swanledger.pool.snapshot-threshold:20000}") int poolSnapshotThreshold,
                                               @Value("${swanledger.session.cache-size:20000}") int sessionCacheSize) {
        if (poolSnapshotThreshold < 10) {
            throw new IllegalStateException("swanledger.pool.snapshot-threshold must be at least 10");
        }
        if (sessionCacheSize < 0) {
            throw new IllegalStateException("swanledger.session.cache-size must be 0 or more, not " + sessionCacheSize);
        }
        // an H2 file is opened by one process only: nobody else can change what this one caches
        boolean shared = StoreEnvironment.Kind.of(storeKind) != StoreEnvironment.Kind.H2;
        return new CommandSideModule(policy, poolSnapshotThreshold, legacySagas(jdbc), sessionCacheSize, shared);
    }

    /** Whether the store still has sessions followed by a saga (opened before sessions needed none). */
    private static boolean legacySagas(JdbcTemplate jdbc) {
        try {
            Integer n = jdbc.queryForObject("select count(*) from saga_entry where saga_type = ?", Integer.class,
                    CommandSideModule.LEGACY_SAGA_TYPE);
            return n != null && n > 0;
        } catch (DataAccessException noTableYet) {
            return false; // a new store: Flyway has not made the tables yet, and there are no sagas
        }
    }

    /**
     * Axon's command bus, with group commit for the commands a login and its end send
     * ({@link GroupCommitCommandBus}); {@code swanledger.command.max-group} bounds a group.
     */
    @Bean(destroyMethod = "shutdown")
    @Qualifier("localSegment")
    @ConditionalOnProperty(name = "swanledger.command-side.enabled", havingValue = "true", matchIfMissing = true)
    public GroupCommitCommandBus commandBus(TransactionManager transactionManager, org.axonframework.config.Configuration axon,
                                            DuplicateCommandHandlerResolver duplicates,
                                            @Value("${swanledger.command.max-group:64}") int maxGroup) {
        if (maxGroup < 1 || maxGroup > 1000) {
            throw new IllegalStateException("swanledger.command.max-group must be between 1 and 1000, not " + maxGroup);
        }
        GroupCommitCommandBus bus = new GroupCommitCommandBus(SimpleCommandBus.builder()
                .duplicateCommandHandlerResolver(duplicates)
                .spanFactory(axon.getComponent(CommandBusSpanFactory.class))
                .messageMonitor(axon.messageMonitor(CommandBus.class, "commandBus")), transactionManager,
                Set.of(AuthorizeSession.class, EstablishSession.class, CloseSession.class), maxGroup);
        bus.registerHandlerInterceptor(new CorrelationDataInterceptor<>(axon.correlationDataProviders()));
        return bus;
    }

    /** What an event records of its origin ({@link RecordedOrigin}); Axon's default provider then stands back. */
    @Bean
    public CorrelationDataProvider recordedOrigin() {
        return new RecordedOrigin();
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

    /** Retries only concurrency conflicts; {@code sendAndWait} gives up after {@code swanledger.command.timeout}. */
    @Bean
    public CommandGateway commandGateway(CommandBus commandBus, ConflictRetryScheduler retryScheduler,
                                         @Value("${swanledger.command.timeout:10s}") Duration timeout) {
        if (timeout.isNegative() || timeout.isZero() || timeout.compareTo(Duration.ofMinutes(5)) > 0) {
            throw new IllegalStateException("swanledger.command.timeout must be between 1 ms and 5 min, not " + timeout);
        }
        return new BoundedCommandGateway(DefaultCommandGateway.builder().commandBus(commandBus)
                .retryScheduler(retryScheduler).build(), timeout);
    }

    /** Health and lag of the tracking processors, where the application has Actuator and Micrometer. */
    @Bean
    @ConditionalOnClass(name = {
            "org.springframework.boot.actuate.health.HealthIndicator", "io.micrometer.core.instrument.MeterRegistry"})
    public ProcessorsHealth processorsHealthIndicator(EventProcessingConfiguration processing,
                                                      EventStore store, JdbcTemplate jdbc) {
        return new ProcessorsHealth(processing, store, jdbc);
    }

    /** Group commit's sizes and durations, where the application has Micrometer. */
    @Bean
    @ConditionalOnClass(name = "io.micrometer.core.instrument.binder.MeterBinder")
    @ConditionalOnBean(GroupCommitCommandBus.class)
    public GroupCommitMetrics groupCommitMetrics(GroupCommitCommandBus commandBus) {
        return new GroupCommitMetrics(commandBus);
    }

    /**
     * Establish deadlines as rows of their own, written in the transaction of the events they follow; a
     * gateway reads them from its live-session directory instead (its own {@link PendingEstablishments}).
     */
    @Bean
    @ConditionalOnProperty(name = "swanledger.command-side.enabled", havingValue = "true", matchIfMissing = true)
    @ConditionalOnMissingBean(PendingEstablishments.class)
    public DeadlineTable deadlineTable(JdbcTemplate jdbc, SessionPolicy policy) {
        return new DeadlineTable(jdbc, policy);
    }

    @Bean
    @ConditionalOnProperty(name = "swanledger.command-side.enabled", havingValue = "true", matchIfMissing = true)
    public EstablishDeadlines establishDeadlines(PendingEstablishments pending,
                                                 @Value("${swanledger.gateway.id:}") String gateway) {
        return new EstablishDeadlines(pending, gateway.isBlank() ? null : GatewayId.of(gateway), Duration.ofMinutes(1));
    }

    /** Which sessions hold a lab-VLAN route, in the store, written in the transaction of the events. */
    @Bean
    @ConditionalOnProperty(name = "swanledger.command-side.enabled", havingValue = "true", matchIfMissing = true)
    public RouteRevocations routeRevocations(JdbcTemplate jdbc) {
        return new RouteRevocations(jdbc);
    }

    @Bean
    @ConditionalOnProperty(name = "swanledger.command-side.enabled", havingValue = "true", matchIfMissing = true)
    public ConfigurerModule storedSessionStateProcessors() {
        return configurer -> configurer.eventProcessing(ep -> Processors.subscribing(
                Processors.subscribing(ep, DeadlineTable.PROCESSING_GROUP), RouteRevocations.PROCESSING_GROUP));
    }

    @Bean
    @ConditionalOnProperty(name = "swanledger.command-side.enabled", havingValue = "true", matchIfMissing = true)
    public DeadlineSweeper deadlineSweeper(EstablishDeadlines deadlines, CommandGateway commands,
                                           @Value("${swanledger.session.sweep-period:5s}") Duration period) {
        if (period.isNegative() || period.isZero() || period.compareTo(Duration.ofMinutes(10)) > 0) {
            throw new IllegalStateException("swanledger.session.sweep-period must be between 1 ms and 10 min, not " + period);
        }
        return new DeadlineSweeper(deadlines, commands, period);
    }

    /**
     * Axon's JDBC engine on the tables Axon's JPA engine made ({@link EventTable}): a group's events in
     * one batch insert and the tracking reads without an ORM (Hibernate's persist and flush were most
     * of the command thread's time), the global index taken as Hibernate took it, and on both stores
     * the tracking query for a token with gaps as two index reads. It works in the Spring transaction
     * of the unit of work, as do the token store, the sagas and the gateway's tables. A reader that
     * has caught up reads again at most once per {@code tail-pace} under load ({@code TailPace}).
     */
    @Bean
    @ConditionalOnMissingBean
    public EventStorageEngine eventStorageEngine(@Value("${swanledger.store.kind:h2}") String storeKind,
                                                 Serializer defaultSerializer, PersistenceExceptionResolver persistenceExceptionResolver,
                                                 @Qualifier("eventSerializer") Serializer eventSerializer,
                                                 org.axonframework.config.Configuration configuration,
                                                 DataSource dataSource, TransactionManager transactionManager,
                                                 @Value("${swanledger.store.tail-pace:20ms}") Duration tailPace) {
        if (tailPace.isNegative() || tailPace.compareTo(Duration.ofSeconds(1)) > 0) {
            throw new IllegalStateException("swanledger.store.tail-pace must be between 0 and 1 s, not " + tailPace);
        }
        StoreEnvironment.Kind kind = StoreEnvironment.Kind.of(storeKind);
        JdbcEventStorageEngine.Builder engine = EventTable.configure(JdbcEventStorageEngine.builder()
                .snapshotSerializer(defaultSerializer)
                .upcasterChain(configuration.upcasterChain())
                .persistenceExceptionResolver(persistenceExceptionResolver)
                .eventSerializer(eventSerializer)
                .snapshotFilter(configuration.snapshotFilter())
                .connectionProvider(new SpringDataSourceConnectionProvider(dataSource))
                .transactionManager(transactionManager), kind, dataSource);
        return PacedJdbcEventStorageEngine.build(engine, tailPace);
    }

    /**
     * The event store as Axon's auto-configuration makes it, keeping the last {@code cached-events} events
     * for the processors that tail it (Axon's default, 10,000, was a fifth of what the collector had to mark
     * under churn, for a routing processor that reads a few hundred behind at most; one further behind reads
     * on its own until it has caught up).
     */
    @Qualifier("eventStore")
    @Bean(name = "eventBus")
    @ConditionalOnMissingBean(EventBus.class)
    public EmbeddedEventStore eventStore(EventStorageEngine storageEngine, org.axonframework.config.Configuration configuration,
                                         @Value("${swanledger.store.cached-events:2000}") int cachedEvents) {
        if (cachedEvents < 100 || cachedEvents > 1_000_000) {
            throw new IllegalStateException("swanledger.store.cached-events must be between 100 and 1,000,000, not " + cachedEvents);
        }
        EmbeddedEventStore store = EmbeddedEventStore.builder().storageEngine(storageEngine)
                .messageMonitor(configuration.messageMonitor(EventStore.class, "eventStore"))
                .spanFactory(configuration.getComponent(EventBusSpanFactory.class))
                .cachedEvents(cachedEvents).build();
        if (storageEngine instanceof PacedJdbcEventStorageEngine paced) {
            paced.beforeEachBlockingRead(EventCacheUnlinker.of(store));
        }
        return store;
    }

    /** The processors' tokens through Axon's JDBC token store on the same table ({@link TokenTable}). */
    @Bean
    @ConditionalOnMissingBean
    public TokenStore tokenStore(@Value("${swanledger.store.kind:h2}") String storeKind, Serializer serializer,
                                 DataSource dataSource) {
        return TokenTable.create(new SpringDataSourceConnectionProvider(dataSource), serializer,
                StoreEnvironment.Kind.of(storeKind));
    }

    /**
     * The events' serializer as Axon's auto-configuration builds it for {@code axon.serializer.events=jackson},
     * with the class of each stored type looked up once ({@link KnownTypesJacksonSerializer}).
     */
    @Bean
    @Qualifier("eventSerializer")
    public Serializer eventSerializer(RevisionResolver revisionResolver,
                                      @Qualifier("defaultAxonObjectMapper") ObjectMapper json) {
        return KnownTypesJacksonSerializer.build(JacksonSerializer.builder().revisionResolver(revisionResolver)
                .converter(new ChainingConverter(getClass().getClassLoader())).objectMapper(json));
    }

    /**
     * Field-name canonicalization is off: a pool snapshot is a map with one key per address, and
     * interning 65,000 distinct names made loading one take tens of milliseconds.
     */
    @Bean("defaultAxonObjectMapper")
    public ObjectMapper defaultAxonObjectMapper() {
        JsonFactory factory = JsonFactory.builder().disable(JsonFactory.Feature.CANONICALIZE_FIELD_NAMES)
                .disable(JsonFactory.Feature.INTERN_FIELD_NAMES).build();
        return new ObjectMapper(factory).findAndRegisterModules()
                .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
                .disable(SerializationFeature.WRITE_DURATIONS_AS_TIMESTAMPS)
                .disable(DeserializationFeature.ADJUST_DATES_TO_CONTEXT_TIME_ZONE);
    }
}
