package io.swanledger.eventstore;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.axonframework.messaging.GenericMessage;
import org.axonframework.messaging.unitofwork.DefaultUnitOfWork;
import org.axonframework.messaging.unitofwork.UnitOfWork;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.datasource.SimpleDriverDataSource;

class StatementBatchTest {

    private RecordingJdbc jdbc;
    private StatementBatch batch;
    /** What reached the database after the set-up, one entry per round trip: "sql ×n". */
    private List<String> sent;

    @BeforeEach
    void setUp() {
        jdbc = new RecordingJdbc(new SimpleDriverDataSource(new org.h2.Driver(),
                "jdbc:h2:mem:batch-" + System.nanoTime() + ";DB_CLOSE_DELAY=-1", "sa", ""));
        jdbc.execute("create table t (id varchar(10) primary key, v varchar(10))");
        batch = new StatementBatch(jdbc);
        UnitOfWork<?> first = DefaultUnitOfWork.startAndGet(new GenericMessage<>("m"));
        batch.addFor("x", "delete from t where id = ?", "x");
        first.commit(); // and learns that the database is not PostgreSQL
        sent = jdbc.sent;
        sent.clear();
    }

    private List<String> rows() {
        return jdbc.queryForList("select id || '=' || coalesce(v, '-') from t order by id", String.class);
    }

    @Test
    void sendsTheStatementsOfAUnitOfWorkInOrderWhenItPreparesToCommit() {
        UnitOfWork<?> uow = DefaultUnitOfWork.startAndGet(new GenericMessage<>("m"));
        batch.add("insert into t (id, v) values (?, ?)", "a", "1");
        batch.add("insert into t (id, v) values (?, ?)", "b", "2");
        batch.add("update t set v = ? where id = ?", "3", "a");
        batch.add("delete from t where id = ?", "b");
        batch.add("insert into t (id, v) values (?, ?)", "b", "4");
        assertEquals(List.of(), rows(), "nothing sent before the unit of work commits");
        uow.commit();
        assertEquals(List.of("a=3", "b=4"), rows());
    }

    @Test
    void sendsEachKindOfStatementOnceARoundKeepingEachRowsOrder() {
        UnitOfWork<?> uow = DefaultUnitOfWork.startAndGet(new GenericMessage<>("m"));
        // as a group mixes them: a login's insert, another session's update, a third one's delete...
        batch.addFor("a", "insert into t (id, v) values (?, ?)", "a", "1");
        batch.addFor("b", "insert into t (id, v) values (?, ?)", "b", "1");
        batch.addFor("a", "update t set v = ? where id = ?", "2", "a");
        batch.addFor("c", "insert into t (id, v) values (?, ?)", "c", "1");
        batch.addFor("b", "delete from t where id = ?", "b");
        batch.addFor("d", "insert into t (id, v) values (?, ?)", "d", "1");
        batch.addFor("b", "insert into t (id, v) values (?, ?)", "b", "3");
        batch.addFor("c", "update t set v = ? where id = ?", "2", "c");
        uow.commit();
        assertEquals(List.of("a=2", "b=3", "c=2", "d=1"), rows(), "each row's statements took effect in order");
        assertEquals(List.of("insert into t (id, v) values (?, ?) ×4", "delete from t where id = ? ×1",
                "update t set v = ? where id = ? ×2", "insert into t (id, v) values (?, ?) ×1"), sent,
                "a round's kinds in the order of their text");
    }

    @Test
    void aStatementWithoutARowIsABarrier() {
        UnitOfWork<?> uow = DefaultUnitOfWork.startAndGet(new GenericMessage<>("m"));
        batch.addFor("a", "insert into t (id, v) values (?, ?)", "a", "1");
        batch.addFor("b", "insert into t (id, v) values (?, ?)", "b", "1");
        batch.add("update t set v = 'all'");
        batch.addFor("c", "insert into t (id, v) values (?, ?)", "c", "1");
        uow.commit();
        assertEquals(List.of("a=all", "b=all", "c=1"), rows());
        assertEquals(3, sent.size(), "before the barrier, the barrier, after it: " + sent);
    }

    @Test
    void aStatementNotYetSentCanStillTakeAValue() {
        UnitOfWork<?> uow = DefaultUnitOfWork.startAndGet(new GenericMessage<>("m"));
        StatementBatch.Statement insert = batch.add("insert into t (id, v) values (?, ?)", "a", null);
        assertTrue(batch.pending(insert));
        insert.args()[1] = "late";
        uow.commit();
        assertFalse(batch.pending(insert));
        assertEquals(List.of("a=late"), rows());
    }

    @Test
    void aFailingStatementFailsTheCommit() {
        jdbc.update("insert into t (id, v) values ('a', '0')");
        UnitOfWork<?> uow = DefaultUnitOfWork.startAndGet(new GenericMessage<>("m"));
        batch.add("insert into t (id, v) values (?, ?)", "b", "1");
        batch.add("insert into t (id, v) values (?, ?)", "a", "1");
        assertThrows(RuntimeException.class, uow::commit);
    }

    @Test
    void runsAtOnceOutsideAUnitOfWork() {
        batch.add("insert into t (id, v) values (?, ?)", "a", "1");
        assertEquals(List.of("a=1"), rows());
    }
}
