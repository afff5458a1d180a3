package io.swanledger.it;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.swanledger.eventstore.StoreEnvironment;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The domain suite on a database whose schema is the one swanledger 0.1 made before it had migrations
 * (Hibernate's {@code ddl-auto=update} and the gateway's constructors: the tables of migration V1, no
 * Flyway history), with a live session recorded in it: Flyway baselines it at V1 and applies the later
 * migrations, the session stays, and everything works on the upgraded schema.
 */
abstract class UpgradedDomainSuite extends DomainSuite {

    @Override
    void before(Stores store) throws Exception {
        String v1;
        try (var in = getClass().getResourceAsStream("/db/migration/V1__axon_and_gateway_tables.sql")) {
            v1 = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        for (Map.Entry<String, String> placeholder : StoreEnvironment.migrationPlaceholders(kind() == Stores.Kind.H2
                ? StoreEnvironment.Kind.H2 : StoreEnvironment.Kind.POSTGRESQL).entrySet()) {
            v1 = v1.replace("${" + placeholder.getKey() + "}", placeholder.getValue());
        }
        Map<String, String> p = store.properties();
        String url = kind() == Stores.Kind.H2 ? "jdbc:h2:file:" + p.get("swanledger.store.path") : p.get("swanledger.store.url");
        String user = kind() == Stores.Kind.H2 ? "sa" : p.get("swanledger.store.username");
        String password = kind() == Stores.Kind.H2 ? "" : p.get("swanledger.store.password");
        try (Connection c = DriverManager.getConnection(url, user, password); Statement st = c.createStatement()) {
            for (String sql : v1.replaceAll("(?m)^--.*$", "").split(";")) {
                if (!sql.isBlank()) {
                    st.execute(sql);
                }
            }
            st.execute("insert into swanledger_live_session (session_id, nas_address, account, authorized_at, gateway, "
                    + "established) values ('from-0.1', '127.0.0.1', 'alice', 0, 'vpn1', true)");
        }
    }

    @Test
    void baselinesTheSchemaOfVersionZeroOneAndAppliesTheLaterMigrationsKeepingItsRows() {
        List<Map<String, Object>> history = gw.jdbc().queryForList("select \"version\", \"type\", \"success\" from "
                + "\"flyway_schema_history\" where \"version\" is not null order by \"installed_rank\"");
        assertEquals("1", String.valueOf(history.get(0).get("version")));
        assertEquals("BASELINE", history.get(0).get("type"));
        assertEquals("2", String.valueOf(history.get(1).get("version")));
        assertEquals(Boolean.TRUE, history.get(1).get("success"));
        assertEquals(512, gw.jdbc().queryForObject("select character_maximum_length from information_schema.columns "
                + "where lower(table_name) = 'swanledger_live_session' and lower(column_name) = 'account'", Integer.class),
                "accounts as the AAA server names them fit");
        assertEquals(1, gw.jdbc().queryForObject(
                "select count(*) from swanledger_live_session where session_id = 'from-0.1'", Integer.class));
    }
}
