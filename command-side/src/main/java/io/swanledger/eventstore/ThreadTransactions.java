package io.swanledger.eventstore;

import java.util.ArrayDeque;
import java.util.Deque;
import org.axonframework.common.transaction.Transaction;
import org.axonframework.common.transaction.TransactionManager;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * The command bus's transactions, kept per thread until they are committed or rolled back, so that
 * the bus can roll back one that its unit of work left open. Axon's unit of work rolls its
 * transaction back when the commit throws an {@link Exception} but not when it throws an
 * {@link Error}, and pgjdbc throws {@link AssertionError} when the connection dies in the middle of
 * a batch (seen when PostgreSQL was killed). The Spring transaction then stayed bound to the
 * thread, and every later command on it joined that transaction on its closed connection.
 *
 * <p>A transaction this manager began (not one that joined a transaction already open on the thread)
 * can take a last statement to send together with its commit ({@link #sendWithCommit}): on PostgreSQL
 * the rows beside a group's events then go in the commit's round trip.
 */
final class ThreadTransactions implements TransactionManager {

    private static final Logger log = LoggerFactory.getLogger(ThreadTransactions.class);

    private final TransactionManager delegate;
    /** Per thread, shared by every instance: {@link #sendWithCommit} joins the innermost, whoever began it. */
    private static final ThreadLocal<Deque<Tracked>> OPEN = ThreadLocal.withInitial(ArrayDeque::new);
    /** Per thread: nanoseconds spent in commits since {@link #takeCommitNanos}, or -1 if none committed. */
    private final ThreadLocal<long[]> committing = ThreadLocal.withInitial(() -> new long[] {-1});

    ThreadTransactions(TransactionManager delegate) {
        this.delegate = delegate;
    }

    /**
     * A last statement for the transaction. Sent {@code withCommit}, it must end with the commit itself,
     * so that the transaction manager's own commit then finds nothing left to commit (pgjdbc sends no
     * {@code COMMIT} when the server says no transaction is open); without, it leaves the transaction open.
     */
    interface LastStatement {
        void send(boolean withCommit);
    }

    private final class Tracked implements Transaction {

        private final Transaction transaction;
        private final Deque<Tracked> stack;
        /** Began the thread's Spring transaction, rather than joining one: its commit is the real one. */
        private final boolean owns;
        private LastStatement last;
        /** Committed or rolled back: Spring completes a transaction whose commit fails, and refuses a second end. */
        private boolean completed;

        Tracked(Transaction transaction, Deque<Tracked> stack, boolean owns) {
            this.transaction = transaction;
            this.stack = stack;
            this.owns = owns;
        }

        @Override
        public void commit() {
            long start = System.nanoTime();
            try {
                LastStatement statement = last;
                last = null;
                if (statement != null) {
                    sendWithCommit(statement);
                }
                completed = true;
                transaction.commit();
            } finally {
                long[] spent = committing.get();
                spent[0] = Math.max(spent[0], 0) + System.nanoTime() - start;
                stack.remove(this);
            }
        }

        /**
         * A failed last statement rolls the transaction back here: Spring's commit, which would have
         * released the connection, is never reached, and Axon does not roll back after an Error (pgjdbc
         * throws one when the connection dies mid-text), which left the transaction bound to the thread.
         */
        private void sendWithCommit(LastStatement statement) {
            try {
                statement.send(true);
            } catch (RuntimeException | Error e) {
                completed = true;
                try {
                    transaction.rollback();
                } catch (RuntimeException | Error rollback) {
                    e.addSuppressed(rollback);
                }
                throw e;
            }
        }

        @Override
        public void rollback() {
            last = null;
            try {
                if (!completed) {
                    completed = true;
                    transaction.rollback();
                }
            } finally {
                stack.remove(this);
            }
        }
    }

    @Override
    public Transaction startTransaction() {
        boolean joins = TransactionSynchronizationManager.isActualTransactionActive();
        Transaction transaction = delegate.startTransaction();
        boolean owns = !joins && TransactionSynchronizationManager.isActualTransactionActive();
        Deque<Tracked> stack = OPEN.get();
        Tracked tracked = new Tracked(transaction, stack, owns);
        stack.push(tracked);
        return tracked;
    }

    /**
     * Hands {@code statement} to the innermost transaction open on this thread, to be sent as that
     * transaction commits, in place of its own commit; false (and nothing kept) if that transaction
     * joined another or none is open here, and the caller should send it now. Anything else sent on
     * the transaction meanwhile goes before it; a rollback drops it.
     */
    static boolean sendWithCommit(LastStatement statement) {
        Tracked innermost = OPEN.get().peek();
        if (innermost == null || !innermost.owns || innermost.last != null) {
            return false;
        }
        innermost.last = statement;
        return true;
    }

    /**
     * Sends now, without the commit, what the innermost transaction open on this thread holds for its
     * commit, so that whatever is sent next goes after it (a second batch of rows may change the rows
     * of the first).
     */
    static void sendHeldNow() {
        Tracked innermost = OPEN.get().peek();
        if (innermost != null && innermost.last != null) {
            LastStatement held = innermost.last;
            innermost.last = null;
            held.send(false);
        }
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
        return OPEN.get().size();
    }

    /**
     * Rolls back, newest first, the transactions this thread started after {@code mark} and did not
     * finish. Nested ones opened before the mark belong to an enclosing unit of work and are left.
     */
    void rollBackSince(int mark) {
        Deque<Tracked> stack = OPEN.get();
        while (stack.size() > mark) {
            Tracked left = stack.peek();
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
