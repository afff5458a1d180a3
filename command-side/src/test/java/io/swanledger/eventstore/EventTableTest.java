package io.swanledger.eventstore;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class EventTableTest {

    private static Connection h2WithTheSequence() throws SQLException {
        Connection c = DriverManager.getConnection("jdbc:h2:mem:ids-" + System.nanoTime(), "sa", "");
        try (Statement st = c.createStatement()) {
            // as migration V1 (and Hibernate before it) made it
            st.execute("create sequence domain_event_entry_seq start with 1 increment by 50");
        }
        return c;
    }

    @Test
    void handsOutTheIdsOfASequenceValueAsHibernateDidStartingAtOne() throws SQLException {
        try (Connection c = h2WithTheSequence()) {
            EventTable table = new EventTable(StoreEnvironment.Kind.H2);
            List<Long> ids = new ArrayList<>();
            for (int i = 0; i < 120; i++) {
                ids.add(table.nextIndex(c));
            }
            for (int i = 0; i < ids.size(); i++) {
                assertEquals(i + 1, ids.get(i), "consecutive from 1: no gaps of its own");
            }
        }
    }

    @Test
    void neverTakesAnIdAnotherProcessOnTheSameStoreTakes() throws SQLException {
        try (Connection c = h2WithTheSequence()) {
            EventTable one = new EventTable(StoreEnvironment.Kind.H2);
            EventTable other = new EventTable(StoreEnvironment.Kind.H2);
            Set<Long> taken = new HashSet<>();
            for (int i = 0; i < 500; i++) {
                assertTrue(taken.add(one.nextIndex(c)));
                assertTrue(taken.add(other.nextIndex(c)));
                if (i % 7 == 0) {
                    // a process of an earlier version: Hibernate's pooled optimizer takes hi-49..hi per value
                    long hi = nextval(c);
                    for (long id = hi - 49; id <= hi; id++) {
                        assertTrue(taken.add(id), "id " + id + " taken twice");
                    }
                }
            }
        }
    }

    private static long nextval(Connection c) throws SQLException {
        try (Statement st = c.createStatement(); var rs = st.executeQuery("select next value for domain_event_entry_seq")) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
