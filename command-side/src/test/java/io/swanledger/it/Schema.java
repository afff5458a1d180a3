package io.swanledger.it;

import io.swanledger.eventstore.StoreEnvironment;
import java.util.UUID;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

/** An in-memory H2 database with the event store's schema, migrated as the applications migrate theirs. */
public final class Schema {

    private Schema() {
    }

    public static DataSource h2() {
        DataSource ds = new DriverManagerDataSource("jdbc:h2:mem:" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1", "sa", "");
        Flyway.configure().dataSource(ds)
                .locations(StoreEnvironment.migrationLocations(StoreEnvironment.Kind.H2).toArray(String[]::new))
                .placeholders(StoreEnvironment.migrationPlaceholders(StoreEnvironment.Kind.H2)).load().migrate();
        return ds;
    }
}
