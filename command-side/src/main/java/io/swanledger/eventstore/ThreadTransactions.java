package io.swanledger.eventstore;

import java.util.ArrayDeque;
import java.util.Deque;
import org.axonframework.common.transaction.Transaction;
import org.axonframework.common.transaction.TransactionManager;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The command bus's transactions, kept per thread until they are committed or rolled back, so that
 * the bus can roll back one that its unit of work left open. Axon's unit of work rolls its
 * transaction back when the commit throws an {@link Exception} but not when it throws an
 * {@link Error}, and pgjdbc throws {@link AssertionError} when the connection dies in the middle of
 * a batch (seen when PostgreSQL was killed). The Spring transaction then stayed bound to the
 * thread, and every later command on it joined that transaction on its closed connection.
 */
final class ThreadTransactions implements TransactionManager {

    private static final Logger log = LoggerFactory.getLogger(ThreadTransactions.class);

    private final TransactionManager delegate;
    private final ThreadLocal<Deque<Transaction>> open = ThreadLocal.withInitial(ArrayDeque::new);
    /** Per thread: nanoseconds spent in commits since {@link #takeCommitNanos}, or -1 if none committed. */
    private final ThreadLocal<long[]> committing = ThreadLocal.withInitial(() -> new long[] {-1});

    ThreadTransactions(TransactionManager delegate) {
        this.delegate = delegate;
    }

    @Override
    public Transaction startTransaction() {
        Transaction transaction = delegate.startTransaction();
        Deque<Transaction> stack = open.get();
        Transaction tracked = new Transaction() {
            @Override
            public void commit() {
                long start = System.nanoTime();
                try {
                    transaction.commit();
                } finally {
                    long[] spent = committing.get();
                    spent[0] = Math.max(spent[0], 0) + System.nanoTime() - start;
                    stack.remove(this);
                }
            }

            @Override
            public void rollback() {
                try {
                    transaction.rollback();
                } finally {
                    stack.remove(this);
                }
            }
        };
        stack.push(tracked);
        return tracked;
    }

    /**
     * Nanoseconds this thread spent committing since it last asked (-1 if it committed nothing), the
     * store's own share of a group's time (on PostgreSQL the write-ahead log's flush to disk).
     */
    long takeCommitNanos() {
        long[] spent = committing.get();
        long nanos = spent[0];
        spent[0] = -1;
        return nanos;
    }

    /** How many of this thread's transactions are open now; pass it to {@link #rollBackSince}. */
    int mark() {
        return open.get().size();
    }

    /**
     * Rolls back, newest first, the transactions this thread started after {@code mark} and did not
     * finish. Nested ones opened before the mark belong to an enclosing unit of work and are left.
     */
    void rollBackSince(int mark) {
        Deque<Transaction> stack = open.get();
        while (stack.size() > mark) {
            Transaction left = stack.peek();
            log.warn("a unit of work ended with its transaction still open; rolling it back");
            try {
                left.rollback();
            } catch (RuntimeException e) {
                // a dead connection refuses the rollback; the transaction's resources are released anyway
                log.warn("rolling back a transaction left open failed: {}", e.toString());
            } finally {
                stack.remove(left);
            }
        }
    }
}
