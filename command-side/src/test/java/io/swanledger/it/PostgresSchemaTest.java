package io.swanledger.it;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.swanledger.eventstore.StoreEnvironment;
import java.util.List;
import java.util.Map;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

/** The schema the migrations give a PostgreSQL store (the server scripts/test-postgres.sh prepares). */
class PostgresSchemaTest {

    @Test
    void comparesTheIdentifiersTheHotPathsIndexesHoldAsBytes() {
        Stores store = Stores.fresh(Stores.Kind.POSTGRESQL);
        try {
            Map<String, String> p = store.properties();
            DriverManagerDataSource ds = new DriverManagerDataSource(p.get("swanledger.store.url"),
                    p.get("swanledger.store.username"), p.get("swanledger.store.password"));
            Flyway.configure().dataSource(ds)
                    .locations(StoreEnvironment.migrationLocations(StoreEnvironment.Kind.POSTGRESQL).toArray(String[]::new))
                    .placeholders(StoreEnvironment.migrationPlaceholders(StoreEnvironment.Kind.POSTGRESQL)).load().migrate();
            List<String> columns = new JdbcTemplate(ds).queryForList(
                    "select table_name || '.' || column_name from information_schema.columns "
                            + "where collation_name = 'C' and table_schema = current_schema() order by 1", String.class);
            assertEquals(List.of("domain_event_entry.aggregate_identifier", "swanledger_live_session.acct_session_id",
                    "swanledger_live_session.address", "swanledger_live_session.gateway",
                    "swanledger_live_session.nas_address", "swanledger_live_session.session_id"), columns);
        } finally {
            store.drop();
        }
    }
}
