package io.swanledger.it;

import io.swanledger.commandside.ConflictRetryScheduler;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import javax.sql.DataSource;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Starts gateway application contexts on a real event store: a fresh H2 file database, or a fresh
 * PostgreSQL database on the test server (see scripts/test-postgres.sh), so that runs never see each
 * other's data. Several contexts started from one {@code Stores} share its database.
 */
public final class Stores {

    public enum Kind { H2, POSTGRESQL }

    private final Kind kind;
    private final Map<String, String> properties = new HashMap<>();
    private String database;

    private Stores(Kind kind) {
        this.kind = kind;
    }

    /** A PostgreSQL database someone else made (a server a test runs of its own); {@link #drop} leaves it. */
    public static Stores postgres(String url, String user, String password) {
        Stores s = new Stores(Kind.POSTGRESQL);
        s.properties.put("swanledger.store.kind", "postgresql");
        s.properties.put("swanledger.store.url", url);
        s.properties.put("swanledger.store.username", user);
        s.properties.put("swanledger.store.password", password);
        return s;
    }

    public static Stores fresh(Kind kind) {
        Stores s = new Stores(kind);
        try {
            if (kind == Kind.H2) {
                Path dir = Scratch.directory("swanledger-h2-");
                s.properties.put("swanledger.store.kind", "h2");
                s.properties.put("swanledger.store.path", dir.resolve("events").toString());
            } else {
                String database = "swanledger_it_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
                try (Connection c = DriverManager.getConnection(pgUrl(), pgUser(), pgPassword());
                     Statement st = c.createStatement()) {
                    st.execute("create database " + database);
                }
                s.database = database;
                s.properties.put("swanledger.store.kind", "postgresql");
                s.properties.put("swanledger.store.url", pgUrl().substring(0, pgUrl().lastIndexOf('/') + 1) + database);
                s.properties.put("swanledger.store.username", pgUser());
                s.properties.put("swanledger.store.password", pgPassword());
            }
        } catch (Exception e) {
            throw new IllegalStateException("cannot prepare a " + kind + " event store"
                    + (kind == Kind.POSTGRESQL ? " — is PostgreSQL running? run scripts/test-postgres.sh as root" : ""), e);
        }
        return s;
    }

    static String pgUrl() {
        return System.getProperty("swanledger.pg.url", "jdbc:postgresql://127.0.0.1:5432/swanledger_test");
    }

    static String pgUser() {
        return System.getProperty("swanledger.pg.user", "swanledger");
    }

    static String pgPassword() {
        return System.getProperty("swanledger.pg.password", "swanledger");
    }

    /** Drops the PostgreSQL database this store created (nothing to do for H2's temporary file). */
    public void drop() {
        if (database == null) {
            return;
        }
        try {
            dropDatabase(database);
        } catch (Exception e) {
            throw new IllegalStateException("cannot drop database " + database, e);
        }
    }

    /**
     * Drops a database on the test server. After heavy writes an autovacuum worker (the server's, which
     * the test role may not terminate: {@code with (force)} fails with SQLSTATE 42501) can still be in it
     * for a moment: the drop is tried again until the worker is done, for at most a minute.
     */
    public static void dropDatabase(String database) throws SQLException, InterruptedException {
        long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.MINUTES.toNanos(1);
        try (Connection c = DriverManager.getConnection(pgUrl(), pgUser(), pgPassword());
             Statement st = c.createStatement()) {
            while (true) {
                try {
                    st.execute("drop database if exists " + database + " with (force)");
                    return;
                } catch (SQLException e) {
                    if (!"42501".equals(e.getSQLState()) || System.nanoTime() > deadline) {
                        throw e;
                    }
                    Thread.sleep(100); // teardown: nothing to wait on but the worker's end
                }
            }
        }
    }

    /** The Spring properties that point an application at this store. */
    public Map<String, String> properties() {
        return Map.copyOf(properties);
    }

    public Kind kind() {
        return kind;
    }

    /** Starts one gateway context; {@code extra} are "key=value" Spring properties. */
    public Gateway start(String gatewayName, String... extra) {
        return start(TestGatewayApp.class, gatewayName, extra);
    }

    /**
     * Starts one context of {@code application} (e.g. the real gateway) on this store; with a
     * {@code server.port} among {@code extra} it serves HTTP, otherwise not.
     */
    public Gateway start(Class<?> application, String gatewayName, String... extra) {
        boolean web = Arrays.stream(extra).anyMatch(p -> p.startsWith("server.port="));
        SpringApplicationBuilder b = new SpringApplicationBuilder(application)
                .web(web ? WebApplicationType.SERVLET : WebApplicationType.NONE)
                .properties("spring.main.banner-mode=off", "logging.level.root=WARN",
                        "logging.level.org.axonframework.modelling.command.AbstractRepository=ERROR",
                        // unique-key conflicts are expected between gateways; they are retried and counted
                        "logging.level.org.hibernate.engine.jdbc.spi.SqlExceptionHelper=OFF",
                        "spring.application.name=" + gatewayName);
        properties.forEach((k, v) -> b.properties(k + "=" + v));
        // as command-line arguments: they outrank an application's own application.yml (ports, say)
        return new Gateway(b.run(Arrays.stream(extra).map(e -> "--" + e).toArray(String[]::new)));
    }

    /** One running gateway context. */
    public record Gateway(ConfigurableApplicationContext context) implements AutoCloseable {

        public CommandGateway commands() {
            return context.getBean(CommandGateway.class);
        }

        public EventStore eventStore() {
            return context.getBean(EventStore.class);
        }

        public ConflictRetryScheduler retries() {
            return context.getBean(ConflictRetryScheduler.class);
        }

        public JdbcTemplate jdbc() {
            return new JdbcTemplate(context.getBean(DataSource.class));
        }

        public long storedEvents() {
            Long n = jdbc().queryForObject("select count(*) from domain_event_entry", Long.class);
            return n == null ? 0 : n;
        }

        @Override
        public void close() {
            context.close();
        }
    }
}
