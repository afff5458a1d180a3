package io.swanledger.eventstore;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.LongStream;
import org.axonframework.eventsourcing.eventstore.jdbc.EventSchema;
import org.junit.jupiter.api.Test;

/** On PostgreSQL (the database scripts/test-postgres.sh prepares). */
class EventTablePostgresTest {

    @Test
    void readsTheGapsByKeyAfterTheTableGrewPastWhatTheFirstReadsSaw() throws SQLException {
        String table = "events_" + System.nanoTime();
        EventSchema schema = EventSchema.builder().eventTable(table).globalIndexColumn("global_index")
                .timestampColumn("time_stamp").eventIdentifierColumn("event_identifier")
                .aggregateIdentifierColumn("aggregate_identifier").sequenceNumberColumn("sequence_number").typeColumn("type")
                .payloadTypeColumn("payload_type").payloadRevisionColumn("payload_revision").payloadColumn("payload")
                .metaDataColumn("meta_data").build();
        try (Connection c = DriverManager.getConnection(
                System.getProperty("swanledger.pg.url", "jdbc:postgresql://127.0.0.1:5432/swanledger_test"),
                System.getProperty("swanledger.pg.user", "swanledger"), System.getProperty("swanledger.pg.password", "swanledger"))) {
            try (Statement st = c.createStatement()) {
                st.execute("create table " + table + " (global_index bigint primary key, event_identifier varchar(255) not null, "
                        + "meta_data bytea, payload bytea not null, payload_revision varchar(255), payload_type varchar(255) not null, "
                        + "time_stamp varchar(255) not null, aggregate_identifier varchar(255) not null, sequence_number bigint not null, "
                        + "type varchar(255)) with (autovacuum_enabled = false)");
                st.execute(rows(table, 1, 3));
                st.execute("analyze " + table); // a new store's table: reading it whole is the cheapest plan
            }
            try {
                c.setAutoCommit(false);
                // past pgjdbc's threshold for preparing on the server (5), and PostgreSQL's for keeping one plan (5 more)
                for (int read = 0; read < 15; read++) {
                    read(c, schema, List.of(2L, 3L), 0);
                }
                try (Statement st = c.createStatement()) {
                    st.execute(rows(table, 4, 20_000));
                }
                long scansBefore = sequentialScans(c, table);
                List<Long> gaps = LongStream.rangeClosed(1, 50).map(g -> g * 97).boxed().toList();
                for (int read = 0; read < 4; read++) {
                    List<Long> expected = new ArrayList<>(gaps);
                    LongStream.rangeClosed(19_001, 19_100).forEach(expected::add);
                    assertEquals(expected, read(c, schema, gaps, 19_000), "the gaps' events, then the range's, in order");
                }
                assertEquals(scansBefore, sequentialScans(c, table), "no read of the whole table once it had grown");
                c.rollback();
            } finally {
                c.setAutoCommit(true);
                try (Statement st = c.createStatement()) {
                    st.execute("drop table " + table);
                }
            }
        }
    }

    /** The global indexes a tracking read with {@code gaps} after {@code after} returns (a batch of 100). */
    private static List<Long> read(Connection c, EventSchema schema, List<Long> gaps, long after) throws SQLException {
        // as many gaps each time: one statement text, as a processor's reads with the same number of gaps have
        List<Long> padded = new ArrayList<>(gaps);
        while (padded.size() < 50) {
            padded.add(padded.get(padded.size() - 1));
        }
        List<Long> found = new ArrayList<>();
        try (PreparedStatement st = EventTable.readEventDataWithGaps(StoreEnvironment.Kind.POSTGRESQL, c, schema, after, 100,
                padded); ResultSet rs = st.executeQuery()) {
            while (rs.next()) {
                found.add(rs.getLong("global_index"));
            }
        }
        return found;
    }

    /** The table's sequential scans in this transaction (and any not yet flushed to the statistics before it). */
    private static long sequentialScans(Connection c, String table) throws SQLException {
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(
                "select seq_scan from pg_stat_xact_user_tables where relname = '" + table + "'")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static String rows(String table, int from, int to) {
        return "insert into " + table + " select g, 'e' || g, null, '\\x7b7d'::bytea, null, 'T', '2026-12-07T10:00:00.000Z', "
                + "'a' || g, 0, 'A' from generate_series(" + from + ", " + to + ") g";
    }
}
