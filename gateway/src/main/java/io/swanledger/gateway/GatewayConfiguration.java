package io.swanledger.gateway;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.swanledger.accesslist.AccessListApiConfiguration;
import io.swanledger.accesslist.AccessListFile;
import io.swanledger.accesslist.AccessListImports;
import io.swanledger.accesslist.AccessListProperties;
import io.swanledger.api.InvalidValueException;
import io.swanledger.api.identity.GatewayId;
import io.swanledger.api.net.CidrPrefix;
import io.swanledger.eventstore.GroupCommitCommandBus;
import io.swanledger.eventstore.Processors;
import io.swanledger.eventstore.RebuildableCommits;
import io.swanledger.eventstore.StoreEnvironment;
import io.swanledger.radius.RadiusFront;
import io.swanledger.radius.RadiusProperties;
import io.swanledger.routing.IpRuleRouting;
import io.swanledger.routing.KernelCommands;
import io.swanledger.routing.KernelRouting;
import io.swanledger.routing.LiveRoutes;
import io.swanledger.routing.NftSetRouting;
import io.swanledger.routing.RoutingApplier;
import io.swanledger.routing.RoutingProperties;
import io.swanledger.live.LiveSessions;
import io.swanledger.live.TunnelDeadlines;
import io.swanledger.live.SessionProperties;
import io.swanledger.session.PendingEstablishments;
import io.swanledger.session.SessionPolicy;
import io.swanledger.vici.SessionTermination;
import io.swanledger.live.SilentSessions;
import io.swanledger.vici.StrongSwanLink;
import io.swanledger.vici.ViciProperties;
import java.time.Duration;
import java.util.List;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.common.transaction.TransactionManager;
import org.axonframework.config.ConfigurerModule;
import org.axonframework.eventhandling.PropagatingErrorHandler;
import org.axonframework.eventhandling.TrackingEventProcessorConfiguration;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.axonframework.messaging.StreamableMessageSource;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.JdbcTemplate;

/** Wires the gateway: its identity, the pool, the live-session directory and the RADIUS front. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties({RadiusProperties.class, PoolProperties.class, RoutingProperties.class, ViciProperties.class,
        SessionProperties.class, AccessListProperties.class})
@Import({SessionTermination.class, AccessListApiConfiguration.class, GatewayHealth.class})
public class GatewayConfiguration {

    @Bean
    GatewayId gatewayId(@Value("${swanledger.gateway.id}") String id) {
        return GatewayId.of(id);
    }

    @Bean
    LiveSessions liveSessions(JdbcTemplate jdbc) {
        return new LiveSessions(jdbc);
    }

    /** The establish deadlines are the directory's sessions not yet up (no deadline table written per login). */
    @Bean
    PendingEstablishments tunnelDeadlines(JdbcTemplate jdbc, SessionPolicy policy) {
        return new TunnelDeadlines(jdbc, policy.establishTimeout());
    }

    /** The live-session directory is written in the transaction of the events it follows. */
    @Bean
    ConfigurerModule liveSessionsProcessor() {
        return configurer -> configurer.eventProcessing(ep -> Processors.subscribing(ep, LiveSessions.PROCESSING_GROUP));
    }

    @Bean
    LiveRoutes liveRoutes(JdbcTemplate jdbc, @Qualifier("defaultAxonObjectMapper") ObjectMapper json, GatewayId gateway) {
        return new LiveRoutes(jdbc, json, gateway);
    }

    /**
     * The routing state follows every event from the first, retrying instead of skipping, in a
     * processor of this gateway's own (several gateways share one store, each with its own routes).
     */
    @Bean
    ConfigurerModule routingProcessor(GatewayId gateway, JdbcTemplate jdbc, @Value("${swanledger.store.kind:h2}") String store) {
        String processor = LiveRoutes.processorName(gateway);
        TrackingEventProcessorConfiguration tracking = TrackingEventProcessorConfiguration.forSingleThreadedProcessing()
                .andBatchSize(100).andInitialTrackingToken(StreamableMessageSource::createTailToken);
        return configurer -> configurer.eventProcessing(ep -> {
            ep.assignProcessingGroup(LiveRoutes.PROCESSING_GROUP, processor)
                    .registerListenerInvocationErrorHandler(LiveRoutes.PROCESSING_GROUP, c -> PropagatingErrorHandler.instance())
                    // the routes and the token are rebuilt from the events after a crash: no flush of their own
                    .registerTransactionManager(processor, c -> RebuildableCommits.of(
                            c.getComponent(TransactionManager.class), jdbc, StoreEnvironment.Kind.of(store)));
            Processors.tracking(ep, processor, tracking);
        });
    }

    @Bean
    RoutingApplier routingApplier(RoutingProperties routing, PoolProperties pool, LiveRoutes routes) {
        KernelRouting kernel = kernelRouting(routing, pool);
        return kernel == null ? null : new RoutingApplier(routes, kernel, commands(routing),
                Math.max(1, routing.reconcilePeriod().toSeconds()));
    }

    static KernelRouting kernelRouting(RoutingProperties routing, PoolProperties pool) {
        String backend = routing.backend() == null ? "off" : routing.backend();
        if (backend.equals("off")) {
            return null;
        }
        if (!backend.equals("ip-rule") && !backend.equals("nft-set")) {
            throw new IllegalStateException("swanledger.routing.backend must be off, ip-rule or nft-set, not " + backend
                    + (backend.equals("false") ? " (YAML reads an unquoted off as false: write backend: \"off\")" : ""));
        }
        CidrPrefix campus;
        CidrPrefix clients;
        try {
            campus = CidrPrefix.parse(routing.campus() == null ? "" : routing.campus());
            clients = CidrPrefix.parse(pool.network() == null ? "" : pool.network());
        } catch (InvalidValueException e) {
            throw new IllegalStateException("swanledger.routing.campus and swanledger.pool.network must be prefixes: "
                    + e.getMessage(), e);
        }
        if (routing.priority() < 1 || routing.priority() > 32765) {
            throw new IllegalStateException("swanledger.routing.priority must be 1–32765");
        }
        KernelCommands commands = commands(routing);
        return backend.equals("ip-rule") ? new IpRuleRouting(commands, clients, campus, routing.priority())
                : new NftSetRouting(commands, clients, campus, routing.priority());
    }

    private static KernelCommands commands(RoutingProperties routing) {
        return routing.netns() == null || routing.netns().isBlank() ? KernelCommands.host()
                : new KernelCommands(List.of("ip", "netns", "exec", checkedNetns(routing.netns())));
    }

    private static String checkedNetns(String name) {
        if (!name.matches("[A-Za-z0-9][A-Za-z0-9._-]{0,63}")) {
            throw new IllegalStateException("swanledger.routing.netns: not a namespace name: " + name);
        }
        return name;
    }

    @Bean
    PoolDefinition poolDefinition(PoolProperties pool, CommandGateway commands, EventStore eventStore) {
        return new PoolDefinition(pool, commands, eventStore);
    }

    /** The VICI link, when {@code swanledger.vici.socket} names charon's socket. */
    @Bean
    @ConditionalOnProperty(prefix = "swanledger.vici", name = "socket")
    StrongSwanLink strongSwanLink(ViciProperties vici, CommandGateway commands, LiveSessions sessions, GatewayId gateway,
                                  PoolDefinition pool) {
        return new StrongSwanLink(vici, commands, sessions, gateway, pool.poolId());
    }

    @Bean
    RadiusFront radiusFront(RadiusProperties radius, CommandGateway commands, LiveSessions sessions, GatewayId gateway,
                            PoolDefinition pool, SessionProperties session, ObjectProvider<GroupCommitCommandBus> bus,
                            @Value("${swanledger.command.timeout:10s}") Duration commandTimeout) {
        GroupCommitCommandBus groups = bus.getIfAvailable();
        return new RadiusFront(radius, commands, sessions, gateway, pool.poolId(), session.interimInterval(),
                groups == null ? command -> false : groups::queues, commandTimeout);
    }

    @Bean
    AccessListImports accessListImports(CommandGateway commands) {
        return new AccessListImports(commands);
    }

    /** The watched export, when {@code swanledger.access-list.path} names one. */
    @Bean
    @ConditionalOnProperty(prefix = "swanledger.access-list", name = "path")
    AccessListFile accessListFile(AccessListProperties properties, AccessListImports imports) {
        return new AccessListFile(properties, imports);
    }

    @Bean
    SilentSessions silentSessions(LiveSessions sessions, CommandGateway commands, GatewayId gateway,
                                  SessionProperties session) {
        return new SilentSessions(sessions, commands, gateway, session);
    }
}
