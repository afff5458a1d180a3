package io.swanledger.eventstore;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import javax.sql.DataSource;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.Test;

class EventTableTest {

    private static Connection h2WithTheSequence() throws SQLException {
        return h2WithTheSequence("jdbc:h2:mem:ids-" + System.nanoTime());
    }

    private static Connection h2WithTheSequence(String url) throws SQLException {
        Connection c = DriverManager.getConnection(url, "sa", "");
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
            EventTable quiet = new EventTable(StoreEnvironment.Kind.H2, () -> now[0], null, Runnable::run);
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

    /** The blocks taken ahead wait here until the test runs them. */
    private final List<Runnable> ahead = new ArrayList<>();

    private static DataSource h2(String url) {
        JdbcDataSource ds = new JdbcDataSource();
        ds.setURL(url);
        ds.setUser("sa");
        return ds;
    }

    /** A connection on which any statement fails: ids taken with it were not taken on it. */
    private static Connection unusable() {
        return (Connection) java.lang.reflect.Proxy.newProxyInstance(EventTableTest.class.getClassLoader(),
                new Class<?>[] {Connection.class}, (proxy, method, args) -> {
                    throw new SQLException("no round trip expected on the committing connection: " + method.getName());
                });
    }

    @Test
    void takesTheNextBlockAheadWhenTheNextGroupWouldNotFitSoTheCommittingConnectionMakesNoRoundTripForIt()
            throws SQLException {
        String url = "jdbc:h2:mem:ahead-" + System.nanoTime();
        try (Connection c = h2WithTheSequence(url)) {
            EventTable table = new EventTable(StoreEnvironment.Kind.H2, System::nanoTime, h2(url), ahead::add);
            for (int i = 1; i <= 30; i++) {
                assertEquals(i, table.nextIndex(c));
            }
            table.reserveFor(30);
            assertEquals(1, ahead.size(), "21 ids left in the block (1..51), a group of 30 would not fit");
            table.reserveFor(30);
            assertEquals(1, ahead.size(), "no second block ahead while one is being taken");
            ahead.remove(0).run();
            table.reserveFor(30);
            assertEquals(0, ahead.size(), "nor while one waits");
            List<Long> ids = new ArrayList<>();
            for (int i = 0; i < 21; i++) {
                ids.add(table.nextIndex(c));
            }
            for (int i = 0; i < 50; i++) {
                ids.add(table.nextIndex(unusable()));
            }
            for (int i = 0; i < ids.size(); i++) {
                assertEquals(31 + i, ids.get(i), "the block taken ahead follows on without a gap");
            }
            assertThrows(SQLException.class, () -> table.nextIndex(unusable()), "the block taken ahead used up");
        }
    }

    @Test
    void takesBlocksAheadForAGroupTwiceTheSizeOfTheLastSoThatALargerGroupMakesNoRoundTripEither() throws SQLException {
        String url = "jdbc:h2:mem:larger-" + System.nanoTime();
        try (Connection c = h2WithTheSequence(url)) {
            EventTable table = new EventTable(StoreEnvironment.Kind.H2, System::nanoTime, h2(url), ahead::add);
            for (int i = 1; i <= 40; i++) {
                assertEquals(i, table.nextIndex(c));
            }
            table.reserveFor(40);
            assertEquals(1, ahead.size());
            ahead.remove(0).run();
            table.reserveFor(40);
            assertEquals(0, ahead.size(), "11 ids left and two blocks ahead: room for 111");
            List<Long> ids = new ArrayList<>();
            for (int i = 0; i < 11; i++) {
                ids.add(table.nextIndex(c));
            }
            for (int i = 0; i < 80; i++) {
                ids.add(table.nextIndex(unusable()));
            }
            for (int i = 0; i < ids.size(); i++) {
                assertEquals(41 + i, ids.get(i), "a group of 91, twice the last and more, on blocks taken ahead, without a gap");
            }
            table.reserveFor(91);
            assertEquals(1, ahead.size(), "20 ids left: the next blocks are taken ahead");
        }
    }

    @Test
    void aQuietGatewayWhoseGroupsFitTakesNoBlockAhead() throws SQLException {
        String url = "jdbc:h2:mem:quiet-" + System.nanoTime();
        try (Connection c = h2WithTheSequence(url)) {
            EventTable table = new EventTable(StoreEnvironment.Kind.H2, System::nanoTime, h2(url), ahead::add);
            for (int i = 0; i < 49; i++) {
                table.nextIndex(c);
                table.reserveFor(1);
            }
            assertEquals(0, ahead.size(), "a block taken ahead would be given up unused, its ids gaps");
            table.nextIndex(c);
            table.nextIndex(c);
            table.reserveFor(1);
            assertEquals(1, ahead.size(), "the last id of the block taken: the next group would not fit");
        }
    }

    @Test
    void aBlockTakenAheadAndLeftLongerThanABlocksLifetimeIsNotUsed() throws SQLException {
        String url = "jdbc:h2:mem:stale-" + System.nanoTime();
        try (Connection c = h2WithTheSequence(url)) {
            long[] now = {0};
            EventTable table = new EventTable(StoreEnvironment.Kind.H2, () -> now[0], h2(url), ahead::add);
            for (int i = 0; i < 40; i++) {
                table.nextIndex(c);
            }
            table.reserveFor(20);
            ahead.remove(0).run(); // 52..101
            now[0] += EventTable.BLOCK_LIFETIME.toNanos() + 1;
            assertEquals(102, table.nextIndex(c), "both blocks too old: a new one, taken now");
        }
    }

    @Test
    void blocksTakenAheadThatGrewTooOldAreNotCountedAsRoomForTheNextGroup() throws SQLException {
        String url = "jdbc:h2:mem:old-room-" + System.nanoTime();
        try (Connection c = h2WithTheSequence(url)) {
            long[] now = {0};
            EventTable table = new EventTable(StoreEnvironment.Kind.H2, () -> now[0], h2(url), ahead::add);
            for (int i = 0; i < 40; i++) {
                table.nextIndex(c);
            }
            table.reserveFor(40);
            ahead.remove(0).run(); // two blocks ahead
            now[0] += EventTable.BLOCK_LIFETIME.toNanos() + 1;
            table.reserveFor(40);
            assertEquals(1, ahead.size(), "the old blocks would be passed over: new ones are taken ahead");
        }
    }

    @Test
    void whenNoBlockCanBeTakenAheadTheCommittingThreadTakesItsOwn() throws SQLException {
        try (Connection c = h2WithTheSequence()) {
            DataSource down = h2("jdbc:h2:mem:gone-" + System.nanoTime() + ";IFEXISTS=TRUE");
            EventTable table = new EventTable(StoreEnvironment.Kind.H2, System::nanoTime, down, ahead::add);
            for (int i = 0; i < 51; i++) {
                table.nextIndex(c);
            }
            table.reserveFor(10);
            ahead.remove(0).run();
            assertThrows(SQLException.class, () -> table.nextIndex(unusable()), "nothing was taken ahead");
            assertEquals(52, table.nextIndex(c));
            table.reserveFor(10);
            assertEquals(0, ahead.size(), "49 left");
        }
    }

    /**
     * The sequence on connection {@code c}, and a data source (a second connection to the same database)
     * whose {@code nextval} answers only once {@code go} opens.
     */
    private record LateSequence(Connection c, Connection other, java.util.concurrent.CountDownLatch go, DataSource late)
            implements AutoCloseable {

        static LateSequence open(String name) throws SQLException {
            String url = "jdbc:h2:mem:" + name + "-" + System.nanoTime();
            Connection c = h2WithTheSequence(url);
            Connection other = DriverManager.getConnection(url, "sa", "");
            java.util.concurrent.CountDownLatch go = new java.util.concurrent.CountDownLatch(1);
            return new LateSequence(c, other, go, lateSource(other, go));
        }

        @Override
        public void close() throws SQLException {
            other.close();
            c.close();
        }
    }

    /** Connections (all {@code real}) whose {@code nextval} waits for {@code go} after the sequence has answered. */
    private static DataSource lateSource(Connection real, java.util.concurrent.CountDownLatch go) {
        return (DataSource) java.lang.reflect.Proxy.newProxyInstance(EventTableTest.class.getClassLoader(),
                new Class<?>[] {DataSource.class}, (proxy, method, args) -> answeringLate(real, go));
    }

    /** A connection whose {@code nextval} waits for {@code go} after the sequence has answered. */
    private static Connection answeringLate(Connection real, java.util.concurrent.CountDownLatch go) {
        return (Connection) java.lang.reflect.Proxy.newProxyInstance(EventTableTest.class.getClassLoader(),
                new Class<?>[] {Connection.class}, (proxy, method, args) -> {
                    if (method.getName().equals("close")) {
                        return null;
                    }
                    Object result = method.invoke(real, args);
                    if (!method.getName().equals("prepareStatement")) {
                        return result;
                    }
                    java.sql.PreparedStatement st = (java.sql.PreparedStatement) result;
                    return java.lang.reflect.Proxy.newProxyInstance(EventTableTest.class.getClassLoader(),
                            new Class<?>[] {java.sql.PreparedStatement.class}, (p, m, a) -> {
                                Object r = m.invoke(st, a);
                                if (m.getName().equals("executeQuery")) {
                                    go.await();
                                }
                                return r;
                            });
                });
    }

    @Test
    void aBlockTakenAheadThatArrivesBelowABlockTakenMeanwhileIsNotUsedSoIdsNeverGoBack() throws Exception {
        try (LateSequence sequence = LateSequence.open("late")) {
            Connection c = sequence.c();
            List<Thread> threads = new ArrayList<>();
            EventTable table = new EventTable(StoreEnvironment.Kind.H2, System::nanoTime, sequence.late(), task -> {
                Thread t = new Thread(task);
                threads.add(t);
                t.start();
            });
            for (int i = 0; i < 30; i++) {
                table.nextIndex(c); // 1..30 of 1..51
            }
            table.reserveFor(30);
            awaitTheValueTakenAhead(c);
            List<Long> ids = new ArrayList<>();
            for (int i = 0; i < 21 + 50; i++) {
                ids.add(table.nextIndex(c)); // 31..51, then a block of its own: 102..151
            }
            sequence.go().countDown();
            threads.get(0).join();
            ids.add(table.nextIndex(c));
            for (int i = 1; i < ids.size(); i++) {
                assertTrue(ids.get(i) > ids.get(i - 1), "ids went back: " + ids.get(i - 1) + " then " + ids.get(i));
            }
        }
    }

    @Test
    void theCommittingThreadWaitsForABlockAlreadyOnItsWayRatherThanTakingOneOfItsOwn() throws Exception {
        try (LateSequence sequence = LateSequence.open("wait")) {
            Connection c = sequence.c();
            EventTable table = new EventTable(StoreEnvironment.Kind.H2, System::nanoTime, sequence.late(), task -> new Thread(task).start(),
                    java.time.Duration.ofSeconds(10));
            for (int i = 0; i < 51; i++) {
                table.nextIndex(c); // 1..51, the first block used up
            }
            table.reserveFor(20); // one block ahead: room for twice 20
            awaitTheValueTakenAhead(c);
            long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(10);
            long[] id = {-1};
            Thread committing = new Thread(() -> {
                try {
                    id[0] = table.nextIndex(c);
                } catch (SQLException e) {
                    throw new IllegalStateException(e);
                }
            });
            committing.start();
            while (committing.getState() != Thread.State.TIMED_WAITING) {
                assertTrue(System.nanoTime() < deadline, "the committing thread never waited: " + committing.getState());
                Thread.sleep(1);
            }
            sequence.go().countDown();
            committing.join(10_000);
            assertEquals(52, id[0], "the block that was on its way, not one of its own (102..151)");
            assertEquals(151, nextvalOf(c), "no third value taken from the sequence");
        }
    }

    /** Until the block ahead has its value from the sequence (52..101), not yet handed over. */
    private static void awaitTheValueTakenAhead(Connection c) throws Exception {
        long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(10);
        while (nextvalOf(c) < 0) {
            assertTrue(System.nanoTime() < deadline, "the block ahead never took its value from the sequence");
            Thread.sleep(5);
        }
    }

    /** The sequence's next value once the block ahead has taken its own (101), else -1. */
    private static long nextvalOf(Connection c) throws SQLException {
        try (Statement st = c.createStatement(); var rs = st.executeQuery(
                "select base_value from information_schema.sequences where sequence_name = 'DOMAIN_EVENT_ENTRY_SEQ'")) {
            rs.next();
            return rs.getLong(1) > 101 ? rs.getLong(1) : -1;
        }
    }

    private static long nextval(Connection c) throws SQLException {
        try (Statement st = c.createStatement(); var rs = st.executeQuery("select next value for domain_event_entry_seq")) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
