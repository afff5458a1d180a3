package io.swanledger.eventstore;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;
import org.axonframework.messaging.GenericMessage;
import org.axonframework.messaging.unitofwork.DefaultUnitOfWork;
import org.axonframework.messaging.unitofwork.UnitOfWork;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.axonframework.spring.messaging.unitofwork.SpringTransactionManager;
import org.postgresql.core.BaseConnection;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.jdbc.datasource.DelegatingDataSource;
import org.springframework.jdbc.datasource.SimpleDriverDataSource;
import org.springframework.transaction.support.TransactionTemplate;

/** The many-rows form on PostgreSQL (the database scripts/test-postgres.sh prepares). */
class StatementBatchPostgresTest {

    private final String table = "batch_" + System.nanoTime();
    private final StatementBatch.Kind insert = new StatementBatch.Kind(
            "insert into " + table + " (id, v, n) values (?, ?, ?)",
            "insert into " + table + " (id, v, n) select * from unnest(?::text[], ?::text[], ?::int8[])", "text", "text", "int8");
    private final StatementBatch.Kind update = new StatementBatch.Kind(
            "update " + table + " set v = ? where id = ?",
            "update " + table + " t set v = u.v from unnest(?::text[], ?::text[]) as u(v, id) where t.id = u.id", "text", "text");
    private final StatementBatch.Kind delete = new StatementBatch.Kind(
            "delete from " + table + " where id = ?",
            "delete from " + table + " where id = any(?::text[])", "text");
    /** What reached the database after the set-up, one entry per round trip. */
    private List<String> sent;
    private RecordingJdbc jdbc;
    private StatementBatch batch;
    /** The server's transaction state each time a connection's {@code commit()} was called (pgjdbc sends nothing when IDLE). */
    private final List<String> atCommit = new ArrayList<>();
    private DataSource data;

    @BeforeEach
    void setUp() {
        data = noteTransactionStateAtCommit(new SimpleDriverDataSource(new org.postgresql.Driver(),
                System.getProperty("swanledger.pg.url", "jdbc:postgresql://127.0.0.1:5432/swanledger_test"),
                System.getProperty("swanledger.pg.user", "swanledger"),
                System.getProperty("swanledger.pg.password", "swanledger")));
        jdbc = new RecordingJdbc(data);
        jdbc.execute("create table " + table + " (id varchar(10) primary key, v varchar(10), n bigint)");
        batch = new StatementBatch(jdbc);
        UnitOfWork<?> first = DefaultUnitOfWork.startAndGet(new GenericMessage<>("m"));
        batch.addFor("z", insert, "z", "0", 0L);
        first.commit(); // and learns that the database is PostgreSQL
        sent = jdbc.sent;
        sent.clear();
    }

    @AfterEach
    void dropTable() {
        jdbc.execute("drop table if exists " + table);
    }

    private DataSource noteTransactionStateAtCommit(DataSource target) {
        return new DelegatingDataSource(target) {
            @Override
            public Connection getConnection() throws java.sql.SQLException {
                Connection c = super.getConnection();
                return (Connection) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {Connection.class},
                        (proxy, method, args) -> {
                            if (method.getName().equals("commit")) {
                                atCommit.add(c.unwrap(BaseConnection.class).getTransactionState().name());
                            }
                            try {
                                return method.invoke(c, args);
                            } catch (InvocationTargetException e) {
                                throw e.getCause();
                            }
                        });
            }
        };
    }

    /** A command's unit of work as the command bus runs it: in a transaction {@link ThreadTransactions} began. */
    private UnitOfWork<?> commandInItsTransaction() {
        UnitOfWork<?> uow = DefaultUnitOfWork.startAndGet(new GenericMessage<>("command"));
        uow.attachTransaction(new ThreadTransactions(new SpringTransactionManager(new DataSourceTransactionManager(data))));
        return uow;
    }

    private List<String> rows() {
        return jdbc.queryForList("select id || '=' || coalesce(v, '-') || '/' || coalesce(n::text, '-') from " + table
                + " where id <> 'z' order by id", String.class);
    }

    @Test
    void sendsEveryRoundOfAUnitOfWorkInOneRoundTripKeepingEachRowsOrder() {
        UnitOfWork<?> uow = DefaultUnitOfWork.startAndGet(new GenericMessage<>("m"));
        batch.addFor("a", insert, "a", "1", 1L);
        batch.addFor("b", insert, "b", "1", null);
        batch.addFor("a", update, "2", "a");
        batch.addFor("c", insert, "c", null, 3L);
        batch.addFor("b", delete, "b");
        batch.addFor("d", insert, "d", "1", 4L);
        batch.addFor("b", insert, "b", "3", 5L);
        batch.addFor("c", update, "2", "c");
        uow.commit();

        assertEquals(List.of("a=2/1", "b=3/5", "c=2/3", "d=1/4"), rows(), "each row's statements took effect in order");
        assertEquals(List.of("one round trip"), sent);
    }

    @Test
    void aGroupOfOneSendsItsOneRowStatementsInOneRoundTrip() {
        UnitOfWork<?> uow = DefaultUnitOfWork.startAndGet(new GenericMessage<>("m"));
        batch.addFor("a", insert, "a", null, 1L);
        batch.addFor("z", delete, "z");
        batch.addFor("a", update, "2", "a");
        uow.commit();

        assertEquals(List.of("one round trip"), sent);
        assertEquals(List.of("a=2/1"), rows(), "a's insert went in the first round, its update in the second");
        assertEquals(List.of(), jdbc.queryForList("select id from " + table + " where id = 'z'", String.class));
    }

    @Test
    void theProcessorsOfOneCommitShareOneRoundTrip() {
        StatementBatch deadlines = new StatementBatch(jdbc);
        UnitOfWork<?> command = DefaultUnitOfWork.startAndGet(new GenericMessage<>("command"));
        command.onPrepareCommit(u -> {
            // as subscribing processors handle the command's events: each in a nested unit of work
            DefaultUnitOfWork.startAndGet(new GenericMessage<>("event")).execute(() -> {
                batch.addFor("a", insert, "a", "1", 1L);
                batch.addFor("b", insert, "b", "1", 2L);
            });
            DefaultUnitOfWork.startAndGet(new GenericMessage<>("event")).execute(() ->
                    deadlines.addFor("c", insert, "c", "2", 3L));
        });
        command.commit();

        assertEquals(List.of("one round trip"), sent);
        assertEquals(List.of("a=1/1", "b=1/2", "c=2/3"), rows());
    }

    @Test
    void aProcessorsUnitOfWorkThatRollsBackTakesItsStatementsOut() {
        UnitOfWork<?> command = DefaultUnitOfWork.startAndGet(new GenericMessage<>("command"));
        command.onPrepareCommit(u -> {
            UnitOfWork<?> failed = DefaultUnitOfWork.startAndGet(new GenericMessage<>("event"));
            batch.addFor("a", insert, "a", "1", 1L);
            failed.rollback(new IllegalStateException("a handler failed, and its error was not propagated"));
            DefaultUnitOfWork.startAndGet(new GenericMessage<>("event")).execute(() -> batch.addFor("b", insert, "b", "1", 2L));
        });
        command.commit();

        assertEquals(List.of("b=1/2"), rows());
    }

    @Test
    void aKindWithoutAFormForManyRowsGoesBetweenTheRounds() {
        UnitOfWork<?> uow = DefaultUnitOfWork.startAndGet(new GenericMessage<>("m"));
        batch.addFor("a", insert, "a", "1", 1L);
        batch.addFor("a", "update " + table + " set n = n + 1 where id = ?", "a");
        batch.addFor("a", update, "2", "a");
        uow.commit();

        assertEquals(List.of("a=2/2"), rows());
        assertEquals(List.of("one round trip", "update " + table + " set n = n + 1 where id = ? ×1", "one round trip"), sent);
    }

    @Test
    void aFailingRowFailsTheCommit() {
        UnitOfWork<?> uow = DefaultUnitOfWork.startAndGet(new GenericMessage<>("m"));
        batch.addFor("a", insert, "a", "1", 1L);
        batch.addFor("z", insert, "z", "again", 1L);
        assertThrows(RuntimeException.class, uow::commit);
    }

    /** A command's unit of work whose commit first writes a row of its own, as the events are written before the rows. */
    private UnitOfWork<?> commandWritingFirst(String id) {
        UnitOfWork<?> uow = commandInItsTransaction();
        uow.onPrepareCommit(u -> jdbc.update("insert into " + table + " (id, v, n) values (?, 'event', 0)", id));
        return uow;
    }

    @Test
    void theLastTextOfACommandsTransactionGoesWithItsCommit() {
        UnitOfWork<?> uow = commandWritingFirst("e");
        batch.addFor("a", insert, "a", "1", 1L);
        batch.addFor("b", insert, "b", "1", 2L);
        batch.addFor("a", update, "2", "a");
        uow.commit();

        assertEquals(List.of("a=2/1", "b=1/2", "e=event/0"), rows());
        assertEquals(List.of("insert into " + table + " (id, v, n) values (?, 'event', 0) ×1", "one round trip"), sent,
                "the rows' text, sent at the commit");
        assertEquals(List.of("IDLE"), atCommit, "the text committed: the transaction manager's commit found nothing open");
    }

    /** A command whose rows are handed to its commit, and which then sends a statement of its own. */
    private UnitOfWork<?> commandSendingAfterItsRows() {
        UnitOfWork<?> uow = commandInItsTransaction();
        batch.addFor("a", insert, "a", "1", 1L);
        uow.onPrepareCommit(u -> jdbc.update("insert into " + table + " (id, v, n) values (?, 'late', 0)", "late"));
        return uow;
    }

    @Test
    void aStatementSentAfterTheRowsWereHandedOverGoesBeforeThemInTheSameTransaction() {
        UnitOfWork<?> uow = commandSendingAfterItsRows();
        uow.commit();

        assertEquals(List.of("a=1/1", "late=late/0"), rows());
        assertEquals(List.of("IDLE"), atCommit, "both in the transaction the rows' text committed");
    }

    /** A processor handling events after the root's rows were flushed, a row of which it changes. */
    @Test
    void aStatementAddedOnceTheRowsWereFlushedIsSentAfterThemInTheSameTransaction() {
        UnitOfWork<?> uow = commandInItsTransaction();
        batch.addFor("a", insert, "a", "1", 1L);
        uow.onPrepareCommit(u -> DefaultUnitOfWork.startAndGet(new GenericMessage<>("event"))
                .execute(() -> batch.addFor("a", update, "2", "a")));
        uow.commit();

        assertEquals(List.of("a=2/1"), rows(), "the update was sent, and after the insert");
        assertEquals(List.of("IDLE"), atCommit, "in the transaction the last text committed");
    }

    @Test
    void aRollbackAfterTheRowsWereHandedOverKeepsNothing() {
        UnitOfWork<?> uow = commandSendingAfterItsRows();
        uow.onPrepareCommit(u -> {
            throw new IllegalStateException("refused after the rows were handed over");
        });
        assertThrows(IllegalStateException.class, uow::commit);

        assertEquals(List.of(), rows(), "neither the rows handed to the commit nor the statement sent after them");
    }

    @Test
    void aFailingLastTextRollsBackEverythingTheTransactionSent() {
        UnitOfWork<?> uow = commandWritingFirst("e");
        batch.addFor("a", insert, "a", "1", 1L);
        batch.addFor("z", insert, "z", "again", 1L);
        assertThrows(RuntimeException.class, uow::commit);

        assertEquals(List.of(), rows(), "the events' rows went with the failed text");
    }

    @Test
    void aCommandInsideAnOpenTransactionLeavesItsCommitToThatTransaction() {
        TransactionTemplate outer = new TransactionTemplate(new DataSourceTransactionManager(data));
        outer.executeWithoutResult(status -> {
            UnitOfWork<?> uow = commandInItsTransaction();
            batch.addFor("a", insert, "a", "1", 1L);
            uow.commit();
            assertEquals(List.of("a=1/1"), rows(), "sent, in the open transaction");
            status.setRollbackOnly();
        });

        assertEquals(List.of(), rows(), "the enclosing transaction's rollback took them back: nothing committed them early");
    }

    /**
     * Runs eight groups (past pgjdbc's threshold for preparing a statement on the server, where its plan
     * is kept) on a one-page table, as the planner knows it (reading it whole looks cheapest), and
     * checks that none read the table whole.
     */
    private void assertGroupsGoByTheIndex(java.util.function.IntConsumer group, String what) {
        jdbc.execute("insert into " + table + " (id, v, n) values ('p', '1', 1), ('q', '1', 2)");
        jdbc.execute("analyze " + table);
        TransactionTemplate outer = new TransactionTemplate(new DataSourceTransactionManager(data));
        outer.executeWithoutResult(status -> {
            for (int i = 0; i < 8; i++) {
                UnitOfWork<?> uow = commandInItsTransaction();
                group.accept(i);
                uow.commit();
            }
            assertEquals(List.of(0L), jdbc.queryForList("select seq_scan from pg_stat_xact_user_tables where relname = ?",
                    Long.class, table), "no update or delete of " + what + " read the table whole");
            status.setRollbackOnly();
        });
    }

    @Test
    void manyRowsGoByTheIndexEvenWhereTheTableIsSmallEnoughToScanWhole() {
        assertGroupsGoByTheIndex(i -> {
            batch.addFor("a" + i, insert, "a" + i, "1", (long) i);
            batch.addFor("b" + i, insert, "b" + i, "1", (long) i);
            batch.addFor("a" + i, update, "2", "a" + i);
            batch.addFor("b" + i, update, "2", "b" + i);
            batch.addFor("b" + i, delete, "b" + i);
        }, "many rows");
    }

    @Test
    void oneRowStatementsGoByTheIndexEvenWhereTheTableIsSmallEnoughToScanWhole() {
        assertGroupsGoByTheIndex(i -> {
            batch.addFor("a" + i, insert, "a" + i, "1", (long) i);
            batch.addFor("a" + i, update, "2", "a" + i);
            batch.addFor("a" + i, delete, "a" + i);
        }, "one row");
    }

    @Test
    void aLastTextThatDiesWithTheConnectionLeavesNoTransactionOnTheThread() {
        UnitOfWork<?> uow = commandInItsTransaction();
        uow.onPrepareCommit(u -> ThreadTransactions.sendWithCommit(withCommit -> {
            throw new AssertionError("as pgjdbc throws when the connection dies in the middle of a text");
        }));
        assertThrows(AssertionError.class, uow::commit);

        assertEquals(false, org.springframework.transaction.support.TransactionSynchronizationManager.hasResource(data),
                "the transaction's connection was released, not left bound for the next command to join");
        UnitOfWork<?> next = commandInItsTransaction();
        batch.addFor("a", insert, "a", "1", 1L);
        next.commit();
        assertEquals(List.of("a=1/1"), rows(), "the next command has a transaction of its own");
    }
}
