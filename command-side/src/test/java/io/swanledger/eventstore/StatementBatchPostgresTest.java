package io.swanledger.eventstore;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.axonframework.messaging.GenericMessage;
import org.axonframework.messaging.unitofwork.DefaultUnitOfWork;
import org.axonframework.messaging.unitofwork.UnitOfWork;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.datasource.SimpleDriverDataSource;

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

    @BeforeEach
    void setUp() {
        jdbc = new RecordingJdbc(new SimpleDriverDataSource(new org.postgresql.Driver(),
                System.getProperty("swanledger.pg.url", "jdbc:postgresql://127.0.0.1:5432/swanledger_test"),
                System.getProperty("swanledger.pg.user", "swanledger"),
                System.getProperty("swanledger.pg.password", "swanledger")));
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
}
