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

    @Test
    void aQuietProcessGivesUpItsBlockASecondAfterTakingItSoThatTrackingProcessorsStillReadWhatItWritesLater()
            throws SQLException {
        try (Connection c = h2WithTheSequence()) {
            long[] now = {0};
            EventTable quiet = new EventTable(StoreEnvironment.Kind.H2, () -> now[0]);
            EventTable busy = new EventTable(StoreEnvironment.Kind.H2);
            long first = quiet.nextIndex(c);
            long newestOfTheOther = 0;
            for (int i = 0; i < 20_000; i++) {
                newestOfTheOther = busy.nextIndex(c);
            }
            now[0] += EventTable.BLOCK_LIFETIME.toNanos() - 1;
            assertEquals(first + 1, quiet.nextIndex(c), "within its lifetime the block is used");
            now[0] += 2;
            long later = quiet.nextIndex(c);
            assertTrue(later > newestOfTheOther, "after it, the quiet process writes above what others wrote meanwhile: "
                    + later + " after " + newestOfTheOther);
            assertEquals(later + 1, quiet.nextIndex(c), "and uses its new block");
        }
    }

    private static long nextval(Connection c) throws SQLException {
        try (Statement st = c.createStatement(); var rs = st.executeQuery("select next value for domain_event_entry_seq")) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
