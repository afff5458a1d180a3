package io.swanledger.commandside;

import io.swanledger.api.vlan.ImportAccessList;
import io.swanledger.pool.AddressPool;
import io.swanledger.session.AuthenticationAudit;
import io.swanledger.session.SessionAuthorizer;
import io.swanledger.session.SessionCloser;
import io.swanledger.session.SessionLifecycleSaga;
import io.swanledger.session.SessionPolicy;
import io.swanledger.session.VpnSession;
import io.swanledger.vlan.AccessListView;
import io.swanledger.vlan.EventStoreAccessListView;
import io.swanledger.vlan.VlanAccessList;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;
import org.axonframework.common.caching.Cache;
import org.axonframework.common.transaction.NoTransactionManager;
import org.axonframework.common.transaction.TransactionManager;
import org.axonframework.config.AggregateConfigurer;
import org.axonframework.config.Configuration;
import org.axonframework.config.Configurer;
import org.axonframework.config.ConfigurerModule;
import org.axonframework.eventhandling.PropagatingErrorHandler;
import org.axonframework.eventhandling.TrackingEventProcessorConfiguration;
import org.axonframework.eventsourcing.AggregateSnapshotter;
import org.axonframework.eventsourcing.EventCountSnapshotTriggerDefinition;
import org.axonframework.eventsourcing.EventSourcingRepository;
import org.axonframework.eventsourcing.GenericAggregateFactory;
import org.axonframework.eventsourcing.Snapshotter;
import org.axonframework.messaging.StreamableMessageSource;
import org.axonframework.modelling.command.inspection.AnnotatedAggregateMetaModelFactory;

/**
 * Registers swanledger's command side with any Axon {@link Configurer} — Spring Boot's or a plain
 * {@code DefaultConfigurer}: the three aggregates (pools and recent sessions cached in memory, pools
 * snapshotted, so that a busy pool is neither re-read per command nor replayed from its whole history), the authorizer
 * and the closer (which gives the address back in the close's own unit of work), and, only while a
 * store still holds them, the sagas of sessions opened before sessions needed none, whose processor
 * retries failures instead of skipping events.
 */
public class CommandSideModule implements ConfigurerModule {

    public static final String SAGA_PROCESSOR = "SessionLifecycleSagaProcessor";
    /** How the sagas of sessions opened before sessions needed none are stored. */
    public static final String LEGACY_SAGA_TYPE = SessionLifecycleSaga.class.getName();

    private final SessionPolicy policy;
    private final int poolSnapshotThreshold;
    private final boolean legacySagas;
    private final int sessionCacheSize;
    private final boolean sharedStore;

    /**
     * {@code legacySagas}: the store still holds sagas of sessions opened by an earlier version; their
     * processor then runs until they have ended (it is not started once none is left).
     */
    public CommandSideModule(SessionPolicy policy, int poolSnapshotThreshold, boolean legacySagas) {
        this(policy, poolSnapshotThreshold, legacySagas, 20_000, true);
    }

    /**
     * {@code sessionCacheSize}: how many sessions stay in memory (the most recently used);
     * {@code sharedStore}: other processes may write to the store, so a cached aggregate is checked
     * against it before use.
     */
    public CommandSideModule(SessionPolicy policy, int poolSnapshotThreshold, boolean legacySagas, int sessionCacheSize,
                             boolean sharedStore) {
        this.policy = policy;
        this.poolSnapshotThreshold = poolSnapshotThreshold;
        this.legacySagas = legacySagas;
        this.sessionCacheSize = sessionCacheSize;
        this.sharedStore = sharedStore;
    }

    /**
     * A snapshotter of our own per aggregate type: Spring's default one only knows aggregates declared
     * as Spring beans. Snapshots are written on a thread of their own after the commit that crossed
     * the threshold: the command that triggered one keeps its aggregate lock until it is done, and
     * must not wait for a database connection while other commands hold connections waiting for it.
     */
    private static <T> Snapshotter snapshotter(Configuration c, Class<T> type) {
        return snapshotter(c, type, snapshotThread(type));
    }

    private static <T> Snapshotter snapshotter(Configuration c, Class<T> type, Executor executor) {
        return AggregateSnapshotter.builder()
                .executor(executor)
                .eventStore(c.eventStore())
                .aggregateFactories(new GenericAggregateFactory<>(type))
                .parameterResolverFactory(c.parameterResolverFactory())
                .handlerDefinition(c.handlerDefinition(type))
                .transactionManager(c.getComponent(TransactionManager.class, NoTransactionManager::instance))
                .build();
    }

    private static Executor snapshotThread(Class<?> type) {
        return Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "swanledger-snapshot-" + type.getSimpleName());
            t.setDaemon(true);
            return t;
        });
    }

    /** The pool's snapshots are copies of the cached pool ({@link CopySnapshotter}), written on the same thread. */
    private static CopySnapshotter<AddressPool> poolSnapshotter(Configuration c) {
        Executor executor = snapshotThread(AddressPool.class);
        return new CopySnapshotter<>(AddressPool::copy, executor, c.eventStore(),
                c.getComponent(TransactionManager.class, NoTransactionManager::instance),
                snapshotter(c, AddressPool.class, executor));
    }

    @Override
    public void configureModule(Configurer configurer) {
        configurer.registerComponent(SessionPolicy.class, c -> policy);
        Cache pools = new AggregateCache(64);
        Cache sessions = new AggregateCache(sessionCacheSize);
        CachedTargetResolver targets = new CachedTargetResolver();
        configurer.configureAggregate(AggregateConfigurer.defaultConfiguration(AddressPool.class)
                .configureCommandTargetResolver(c -> targets)
                .configureRepository(c -> {
                    CopySnapshotter<AddressPool> snapshots = poolSnapshotter(c);
                    return new VerifiedCachingRepository<>(EventSourcingRepository.builder(AddressPool.class)
                            .aggregateModel(AnnotatedAggregateMetaModelFactory.inspectAggregate(AddressPool.class,
                                    c.parameterResolverFactory(), c.handlerDefinition(AddressPool.class)))
                            .repositoryProvider(c::repository)
                            .snapshotTriggerDefinition(new EventCountSnapshotTriggerDefinition(snapshots, poolSnapshotThreshold)),
                            c.eventStore(), pools, sharedStore, pool -> false, snapshots);
                }));
        configurer.configureAggregate(AggregateConfigurer.defaultConfiguration(VpnSession.class)
                .configureCommandTargetResolver(c -> targets)
                .configureRepository(c -> new VerifiedCachingRepository<>(EventSourcingRepository.builder(VpnSession.class)
                        .aggregateModel(AnnotatedAggregateMetaModelFactory.inspectAggregate(VpnSession.class,
                                c.parameterResolverFactory(), c.handlerDefinition(VpnSession.class)))
                        .repositoryProvider(c::repository), c.eventStore(), sessions, sharedStore, VpnSession::isClosed)));
        configurer.configureAggregate(AggregateConfigurer.defaultConfiguration(VlanAccessList.class)
                .configureCommandTargetResolver(c -> targets)
                .configureSnapshotTrigger(c -> new EventCountSnapshotTriggerDefinition(
                        snapshotter(c, VlanAccessList.class), 1000)));
        configurer.registerComponent(AccessListView.class,
                c -> new EventStoreAccessListView(c.eventStore(), ImportAccessList.CAMPUS));
        configurer.registerCommandHandler(c -> new SessionAuthorizer(c.eventStore(), c.repository(VpnSession.class),
                c.repository(AddressPool.class), c.getComponent(AccessListView.class), policy));
        configurer.registerCommandHandler(c -> new SessionCloser(c.repository(VpnSession.class), c.repository(AddressPool.class)));
        configurer.registerCommandHandler(c -> new AuthenticationAudit(c.eventBus()));
        if (!legacySagas) {
            return;
        }
        configurer.eventProcessing(ep -> ep
                .registerSaga(SessionLifecycleSaga.class)
                // A session's events arrive together: handle them in one transaction, not one each.
                // Start from the first event, not as a replay (Axon's default marks everything stored
                // before the processor's first start as replay, which sagas skip): a session whose
                // events were stored before the processor ran must still be released.
                .registerTrackingEventProcessorConfiguration(SAGA_PROCESSOR,
                        c -> TrackingEventProcessorConfiguration.forSingleThreadedProcessing().andBatchSize(100)
                                .andInitialTrackingToken(StreamableMessageSource::createTailToken))
                .registerListenerInvocationErrorHandler(SAGA_PROCESSOR, c -> PropagatingErrorHandler.instance()));
    }
}
