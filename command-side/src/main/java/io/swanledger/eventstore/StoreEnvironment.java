package io.swanledger.eventstore;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.env.EnvironmentPostProcessor;
import org.springframework.core.Ordered;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

/**
 * Turns {@code swanledger.store.*} into the Spring, Hibernate and Axon settings the event store needs,
 * as defaults that explicit {@code spring.*}/{@code axon.*} settings still override:
 * <ul>
 *   <li>{@code swanledger.store.kind=h2} (default): an H2 file database at {@code swanledger.store.path}
 *       (default {@code ./data/swanledger});</li>
 *   <li>{@code swanledger.store.kind=postgresql}: {@code swanledger.store.url}, {@code .username},
 *       {@code .password}, with payloads stored as {@code bytea}. Give swanledger a database of its own:
 *       Hibernate's schema update also sees same-named tables and sequences of other schemas.</li>
 * </ul>
 * Always: Jackson for events, messages and snapshots; no Axon Server; no update check.
 */
public class StoreEnvironment implements EnvironmentPostProcessor, Ordered {

    static final String SOURCE = "swanledgerStoreDefaults";

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment env, SpringApplication application) {
        Map<String, Object> d = new HashMap<>();
        d.put("axon.axonserver.enabled", "false");
        d.put("axon.serializer.general", "jackson");
        d.put("axon.serializer.events", "jackson");
        d.put("axon.serializer.messages", "jackson");
        d.put("axon.update-check.disabled", "true");
        // Axon's handler time limits schedule a timer per handler call and interrupt a handler that
        // overruns, which inside a JDBC call breaks the connection; commands have their own deadline
        // (swanledger.command.timeout) and the store its socket timeout.
        d.put("axon.timeout.enabled", "false");
        // The schema comes from the migrations in db/migration and db/vendor (Flyway); Hibernate only checks that it matches.
        // A database made before the migrations existed is baselined at version 1.
        d.put("spring.jpa.hibernate.ddl-auto", "validate");
        d.put("spring.flyway.baseline-on-migrate", "true");
        d.put("spring.flyway.baseline-version", "1");
        d.put("spring.jpa.open-in-view", "false");
        // An authorization appends 3–5 events: send them to the database in one round trip.
        d.put("spring.jpa.properties.hibernate.jdbc.batch_size", "50");
        d.put("spring.jpa.properties.hibernate.order_inserts", "true");
        d.put("spring.jackson.serialization.write-dates-as-timestamps", "false");
        // A store that is down fails a command within seconds instead of holding its caller for 30 s
        // per try (Hikari's default): RADIUS workers and the VICI thread must not wait out an outage.
        d.put("spring.datasource.hikari.connection-timeout", "2000");
        d.put("spring.datasource.hikari.validation-timeout", "1000");

        String kind = env.getProperty("swanledger.store.kind", "h2").trim().toLowerCase(Locale.ROOT);
        switch (kind) {
            case "h2" -> {
                Path path = Path.of(env.getProperty("swanledger.store.path", "./data/swanledger")).toAbsolutePath();
                d.put("spring.datasource.url", "jdbc:h2:file:" + path + ";DB_CLOSE_ON_EXIT=FALSE");
                d.put("spring.datasource.username", "sa");
                d.put("spring.datasource.password", "");
                d.put("spring.datasource.driver-class-name", "org.h2.Driver");
                d.put("spring.jpa.database-platform", "org.hibernate.dialect.H2Dialect");
                d.put("spring.flyway.locations", String.join(",", migrationLocations(Kind.H2)));
                migrationPlaceholders(Kind.H2).forEach((k, v) -> d.put("spring.flyway.placeholders." + k, v));
            }
            case "postgresql" -> {
                String url = env.getProperty("swanledger.store.url");
                if (url == null || !url.startsWith("jdbc:postgresql:")) {
                    throw new IllegalStateException("swanledger.store.kind=postgresql needs swanledger.store.url=jdbc:postgresql://host:port/database");
                }
                d.put("spring.datasource.url", url);
                d.put("spring.datasource.username", env.getProperty("swanledger.store.username", "swanledger"));
                d.put("spring.datasource.password", env.getProperty("swanledger.store.password", ""));
                d.put("spring.datasource.driver-class-name", "org.postgresql.Driver");
                // a server that vanished (SIGKILL, a cut network) must not hang a socket read forever
                d.put("spring.datasource.hikari.data-source-properties.connectTimeout", "2");
                d.put("spring.datasource.hikari.data-source-properties.socketTimeout", "60");
                d.put("spring.datasource.hikari.data-source-properties.tcpKeepAlive", "true");
                // a group's 40–90 events go as a few multi-row inserts instead of one statement each: about a
                // sixth less of the server's time per group (pgbench, 45 events a transaction)
                d.put("spring.datasource.hikari.data-source-properties.reWriteBatchedInserts", "true");
                // a group's events (10–30 KB) and then its rows with the commit each leave in one write: with
                // pgjdbc's 8 KB a group took four or five, each waking the server's backend to read a part
                d.put("spring.datasource.hikari.data-source-properties.maxSendBufferSize", "65536");
                d.put("spring.jpa.database-platform", ByteaPostgresDialect.class.getName());
                d.put("spring.flyway.locations", String.join(",", migrationLocations(Kind.POSTGRESQL)));
                migrationPlaceholders(Kind.POSTGRESQL).forEach((k, v) -> d.put("spring.flyway.placeholders." + k, v));
            }
            default -> throw new IllegalStateException("swanledger.store.kind must be h2 or postgresql, not '" + kind + "'");
        }
        env.getPropertySources().addLast(new MapPropertySource(SOURCE, d));
    }

    /** The store kinds whose SQL the migrations speak. */
    public enum Kind {
        H2, POSTGRESQL;

        /** The kind {@code swanledger.store.kind} names (already checked when the environment was prepared). */
        public static Kind of(String property) {
            return valueOf(property.trim().toUpperCase(Locale.ROOT));
        }
    }

    /**
     * The migrations both stores share, then the versions whose SQL only one of them speaks (each
     * store has every version, so that their histories stay in step).
     */
    public static List<String> migrationLocations(Kind kind) {
        return List.of("classpath:db/migration", "classpath:db/vendor/" + kind.name().toLowerCase(Locale.ROOT));
    }

    /**
     * Where the migrations' SQL differs between the stores: the type of Axon's binary columns (as
     * Hibernate made them: {@code blob} on H2, {@code bytea} with our dialect on PostgreSQL) and
     * token_entry's {@code timestamp} column, a reserved word quoted in each database's own case.
     */
    public static Map<String, String> migrationPlaceholders(Kind kind) {
        return kind == Kind.H2 ? Map.of("binary", "blob", "timestamp_column", "\"TIMESTAMP\"")
                : Map.of("binary", "bytea", "timestamp_column", "\"timestamp\"");
    }

    @Override
    public int getOrder() {
        return Ordered.LOWEST_PRECEDENCE;
    }
}
