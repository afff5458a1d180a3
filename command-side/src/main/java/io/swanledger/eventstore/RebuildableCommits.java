package io.swanledger.eventstore;

import java.sql.PreparedStatement;
import org.axonframework.common.transaction.Transaction;
import org.axonframework.common.transaction.TransactionManager;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.PreparedStatementCallback;

/**
 * Transactions of a tracking processor whose rows the events can rebuild: on PostgreSQL they commit
 * without waiting for the write-ahead log's flush ({@code synchronous_commit} off for the transaction
 * alone). Its rows and its token still commit together and in order; a crash can lose the last
 * fraction of a second of them, and the processor then handles those events again from the older
 * token. The events themselves, and everything an answer waits for, keep waiting for the flush. Each
 * of these commits used to be a flush of its own, beside the groups' flushes on the same disk.
 */
public final class RebuildableCommits implements TransactionManager {

    private static final String SYNCHRONOUS_COMMIT_OFF = "set local synchronous_commit to off";

    private final TransactionManager delegate;
    private final JdbcTemplate jdbc;

    private RebuildableCommits(TransactionManager delegate, JdbcTemplate jdbc) {
        this.delegate = delegate;
        this.jdbc = jdbc;
    }

    /** {@code transactions} as they are on H2 (whose commits are not flushed one by one anyway). */
    public static TransactionManager of(TransactionManager transactions, JdbcTemplate jdbc, StoreEnvironment.Kind kind) {
        return kind == StoreEnvironment.Kind.POSTGRESQL ? new RebuildableCommits(transactions, jdbc) : transactions;
    }

    @Override
    public Transaction startTransaction() {
        Transaction transaction = delegate.startTransaction();
        try {
            // Prepared, not a plain statement: pgjdbc parses a plain statement's SQL on every call (C2
            // compiled that parser minutes into a run, in the middle of a benchmark row); a prepared one
            // is parsed once per connection, and the server keeps it as a named statement after a few uses.
            jdbc.execute(SYNCHRONOUS_COMMIT_OFF, (PreparedStatementCallback<Boolean>) PreparedStatement::execute);
        } catch (RuntimeException e) {
            transaction.rollback();
            throw e;
        }
        return transaction;
    }
}
