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
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.SimpleDriverDataSource;

class StatementBatchTest {

    private JdbcTemplate jdbc;
    private StatementBatch batch;

    @BeforeEach
    void setUp() {
        jdbc = new JdbcTemplate(new SimpleDriverDataSource(new org.h2.Driver(),
                "jdbc:h2:mem:batch-" + System.nanoTime() + ";DB_CLOSE_DELAY=-1", "sa", ""));
        jdbc.execute("create table t (id varchar(10) primary key, v varchar(10))");
        batch = new StatementBatch(jdbc);
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
