package io.swanledger.eventstore;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import org.axonframework.common.transaction.TransactionManager;
import org.axonframework.spring.messaging.unitofwork.SpringTransactionManager;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.jdbc.datasource.SingleConnectionDataSource;

/** On PostgreSQL (the database scripts/test-postgres.sh prepares). */
class RebuildableCommitsPostgresTest {

    @Test
    void commitsWithoutWaitingForTheFlushOnlyInsideItsOwnTransactions() {
        SingleConnectionDataSource data = new SingleConnectionDataSource(
                System.getProperty("swanledger.pg.url", "jdbc:postgresql://127.0.0.1:5432/swanledger_test"),
                System.getProperty("swanledger.pg.user", "swanledger"),
                System.getProperty("swanledger.pg.password", "swanledger"), true);
        try {
            JdbcTemplate jdbc = new JdbcTemplate(data);
            TransactionManager spring = new SpringTransactionManager(new DataSourceTransactionManager(data));
            TransactionManager rebuildable = RebuildableCommits.of(spring, jdbc, StoreEnvironment.Kind.POSTGRESQL);
            String table = "rebuildable_" + System.nanoTime();
            jdbc.execute("create table " + table + " (id int primary key)");
            try {
                // More transactions than pgjdbc's prepareThreshold (5): the setting is also applied once
                // the driver has made it a named statement on the server.
                for (int i = 1; i <= 8; i++) {
                    int id = i;
                    String inside = rebuildable.fetchInTransaction(() -> {
                        jdbc.update("insert into " + table + " values (?)", id);
                        return jdbc.queryForObject("show synchronous_commit", String.class);
                    });
                    assertEquals("off", inside, "transaction " + i);
                    assertEquals(i, jdbc.queryForObject("select count(*) from " + table, Integer.class), "committed");
                    assertEquals("on", spring.fetchInTransaction(() -> jdbc.queryForObject("show synchronous_commit", String.class)),
                            "the next transaction on the same connection flushes again");
                    assertEquals("on", jdbc.queryForObject("show synchronous_commit", String.class));
                }
            } finally {
                jdbc.execute("drop table " + table);
            }
        } finally {
            data.destroy();
        }
    }

    @Test
    void leavesH2sTransactionsAsTheyAre() {
        TransactionManager h2 = () -> null;
        assertSame(h2, RebuildableCommits.of(h2, new JdbcTemplate(), StoreEnvironment.Kind.H2));
    }
}
