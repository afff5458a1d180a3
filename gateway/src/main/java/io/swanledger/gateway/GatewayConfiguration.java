package io.swanledger.gateway;

import io.swanledger.api.identity.GatewayId;
import io.swanledger.radius.RadiusFront;
import io.swanledger.radius.RadiusProperties;
import io.swanledger.session.LiveSessions;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.config.ConfigurerModule;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;

/** Wires the gateway: its identity, the pool, the live-session directory and the RADIUS front. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties({RadiusProperties.class, PoolProperties.class})
public class GatewayConfiguration {

    @Bean
    GatewayId gatewayId(@Value("${swanledger.gateway.id}") String id) {
        return GatewayId.of(id);
    }

    @Bean
    LiveSessions liveSessions(JdbcTemplate jdbc) {
        return new LiveSessions(jdbc);
    }

    /** The live-session directory is written in the transaction of the events it follows. */
    @Bean
    ConfigurerModule liveSessionsProcessor() {
        return configurer -> configurer.eventProcessing(ep -> ep.registerSubscribingEventProcessor(LiveSessions.PROCESSING_GROUP));
    }

    @Bean
    PoolDefinition poolDefinition(PoolProperties pool, CommandGateway commands, EventStore eventStore) {
        return new PoolDefinition(pool, commands, eventStore);
    }

    @Bean
    RadiusFront radiusFront(RadiusProperties radius, CommandGateway commands, LiveSessions sessions, GatewayId gateway,
                            PoolDefinition pool) {
        return new RadiusFront(radius, commands, sessions, gateway, pool.poolId());
    }
}
