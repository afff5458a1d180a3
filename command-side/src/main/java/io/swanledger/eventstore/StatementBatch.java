package io.swanledger.eventstore;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;
import org.axonframework.messaging.unitofwork.UnitOfWork;
import org.springframework.jdbc.core.ConnectionCallback;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.SqlTypeValue;
import org.springframework.jdbc.core.StatementCreatorUtils;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * The statements an event handler of a subscribing processor writes beside the events (the live
 * sessions, the establish deadlines, the routed sessions), sent when its unit of work prepares to
 * commit, still inside the transaction of the events. A group of 30 commands then costs a round trip
 * per kind of statement instead of one per row; on PostgreSQL, one round trip for all of a unit of
 * work's.
 *
 * <p>A statement added {@linkplain #addFor for a row} may be sent before statements of other rows that
 * were added earlier, never before an earlier one of its own row: the statements are sent in rounds, a
 * row's n-th statement in the n-th round, and a round is one batch per statement text. (A group mixes
 * a login's insert, an establish's update and a close's delete: sent in the order added, nearly every
 * statement was a round trip of its own.) A statement added without a row is a barrier: everything
 * before it is sent first, everything after it after. Outside a unit of work a statement runs at once.
 *
 * <p>On PostgreSQL a {@link Kind} that also has a form for many rows (one array parameter per
 * parameter of the one-row form, e.g. {@code unnest}) sends a round's rows of it as one statement, and
 * the statements of every round go as one multi-statement text, executed in order, in one round trip:
 * the rows beside the events had been a quarter of the committing thread's time, five round trips a
 * group under churn, now one (see {@link #owner}).
 */
public final class StatementBatch {

    private static final String KEY = StatementBatch.class.getName();

    /**
     * A kind of statement: its text for one row and, where PostgreSQL can take many rows of it at
     * once, a text with one array parameter per parameter of the first, in the same order, of the
     * element types given (e.g. {@code "text"}, {@code "int8"}).
     */
    public record Kind(String sql, String manyRows, String... arrayTypes) {

        public static Kind of(String sql) {
            return new Kind(sql, null);
        }
    }

    /** One statement, its arguments open to change until it is sent; {@code row} null for a barrier. */
    public record Statement(Object row, Kind kind, Object[] args) {

        public String sql() {
            return kind.sql();
        }
    }

    private final JdbcTemplate jdbc;
    private volatile Boolean postgres;

    public StatementBatch(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * Adds a statement that changes only the rows identified by {@code row} (e.g. a session id) to the
     * current unit of work's batch, or runs it now outside one; returns it.
     */
    public Statement addFor(Object row, String sql, Object... args) {
        return addFor(row, Kind.of(sql), args);
    }

    /** As {@link #addFor(Object, String, Object...)}, for a kind that may have a form for many rows. */
    public Statement addFor(Object row, Kind kind, Object... args) {
        return add(new Statement(Objects.requireNonNull(row, "row"), kind, args));
    }

    /** Adds a statement that may change any row: a barrier (see above); returns it. */
    public Statement add(String sql, Object... args) {
        return add(new Statement(null, Kind.of(sql), args));
    }

    private Statement add(Statement s) {
        if (!CurrentUnitOfWork.isStarted()) {
            jdbc.update(s.sql(), s.args());
            return s;
        }
        UnitOfWork<?> current = CurrentUnitOfWork.get();
        UnitOfWork<?> owner = owner(current);
        List<Statement> list = pending(owner);
        list.add(s);
        if (owner != current) {
            // a processor's unit of work that rolls back takes its statements out of the shared list
            current.<List<Statement>>getOrComputeResource(key() + ".mine", k -> {
                List<Statement> mine = new ArrayList<>();
                current.onRollback(u -> list.removeAll(mine));
                return mine;
            }).add(s);
        }
        return s;
    }

    /** True if {@code statement} was added to the current unit of work and is not sent yet. */
    public boolean pending(Statement statement) {
        if (!CurrentUnitOfWork.isStarted()) {
            return false;
        }
        List<Statement> list = owner(CurrentUnitOfWork.get()).getResource(key());
        return list != null && list.contains(statement);
    }

    /**
     * The unit of work whose list a statement joins: the root while it prepares to commit, else the
     * current one. Subscribing processors handle a group's events then, each in a nested unit of work of
     * its own; sharing the root's list sends the live sessions' rows and the deadlines' in one flush, one
     * round trip on PostgreSQL instead of one per processor. (Axon runs a prepare-commit handler
     * registered while that phase runs.)
     */
    private static UnitOfWork<?> owner(UnitOfWork<?> current) {
        UnitOfWork<?> root = current.root();
        return root.phase() == UnitOfWork.Phase.PREPARE_COMMIT ? root : current;
    }

    /** One list per unit of work and database, shared by every batch on it. */
    private String key() {
        return KEY + "@" + System.identityHashCode(jdbc.getDataSource());
    }

    private List<Statement> pending(UnitOfWork<?> uow) {
        return uow.getOrComputeResource(key(), k -> {
            List<Statement> list = new ArrayList<>();
            uow.onPrepareCommit(u -> flush(list, u));
            return list;
        });
    }

    private void flush(List<Statement> list, UnitOfWork<?> uow) {
        // what is added from now on (a processor handling events later in this phase) makes a list and a flush of its own,
        // sent after this one's rows, held text included
        uow.resources().remove(key());
        ThreadTransactions.sendHeldNow();
        // the root's statements, once its events are written: the last text may ride with the commit
        boolean withCommit = uow.isRoot() && uow.phase() == UnitOfWork.Phase.PREPARE_COMMIT && postgres()
                && TransactionSynchronizationManager.hasResource(jdbc.getDataSource());
        int start = 0;
        for (int i = 0; i <= list.size(); i++) {
            if (i == list.size() || list.get(i).row() == null) {
                sendInRounds(list.subList(start, i), withCommit && i == list.size());
                if (i < list.size()) {
                    jdbc.update(list.get(i).sql(), list.get(i).args());
                }
                start = i + 1;
            }
        }
        list.clear();
    }

    /**
     * Statements that each change one row's: round n holds every row's n-th statement, by text.
     * {@code last}: nothing is sent after them in the transaction, so their last text may go with its commit.
     */
    private void sendInRounds(List<Statement> statements, boolean last) {
        if (statements.isEmpty()) {
            return;
        }
        List<Map<String, List<Statement>>> rounds = new ArrayList<>();
        Map<Object, Integer> statementsOfRow = new HashMap<>();
        for (Statement s : statements) {
            int round = statementsOfRow.merge(s.row(), 1, Integer::sum) - 1;
            if (round == rounds.size()) {
                rounds.add(new TreeMap<>()); // by text: the same kinds make the same multi-statement text
            }
            rounds.get(round).computeIfAbsent(s.sql(), k -> new ArrayList<>()).add(s);
        }
        boolean manyRows = postgres();
        ManyRows pending = new ManyRows();
        for (Map<String, List<Statement>> round : rounds) {
            round.forEach((sql, rows) -> {
                Kind kind = rows.get(0).kind();
                if (manyRows && kind.manyRows() != null) {
                    pending.add(kind, rows);
                    return;
                }
                pending.send(false); // a round's kinds may go in any order; earlier rounds' must go first
                if (rows.size() == 1) {
                    jdbc.update(sql, rows.get(0).args());
                } else {
                    jdbc.batchUpdate(sql, rows.stream().map(Statement::args).toList());
                }
            });
        }
        pending.send(last);
    }

    private boolean postgres() {
        Boolean known = postgres;
        if (known == null) {
            known = jdbc.execute((ConnectionCallback<Boolean>) c -> "PostgreSQL".equals(c.getMetaData().getDatabaseProductName()));
            postgres = known;
        }
        return known;
    }

    /**
     * Statements of one or more rounds gathered into one text, in order, and sent as one round trip:
     * a round's kind with one row in its one-row form, with several in its form for many rows; each
     * keeps one plan that goes by index ({@link #BY_INDEX}).
     */
    private final class ManyRows {

        /**
         * One plan per statement, kept, through the indexes. Left to choose, PostgreSQL made a generic
         * plan that scanned the table whole while it was small and kept it as the churn's dead rows grew
         * it (seen: every delete and update of a 10,000-session row a scan of a few hundred pages);
         * planning every text afresh instead ({@code force_custom_plan}) cost it 0.15–0.27 ms per text
         * of three statements, on the committing thread's path. A one-row statement needs it too: on a
         * table the planner believes small (a churning gateway's live sessions are a few dozen rows among
         * many dead ones) it chose to read the table whole even for one key, 0.5 ms a statement instead of
         * 0.015 in a churn run where its plan went that way.
         */
        private static final String BY_INDEX = "set local plan_cache_mode = force_generic_plan;\nset local enable_seqscan = off;\n";
        private static final String DEFAULTS_AGAIN = ";\nset local enable_seqscan to default;\nset local plan_cache_mode to default";
        private static final String COMMIT = ";\ncommit";

        private final List<Kind> kinds = new ArrayList<>();
        private final List<List<Statement>> rows = new ArrayList<>();

        void add(Kind kind, List<Statement> of) {
            kinds.add(kind);
            rows.add(of);
        }

        /**
         * Sends the gathered text now; or, {@code withCommit} and if the transaction takes it, hands it
         * over ending in the commit, to go as the transaction commits: one round trip for both (the
         * commit had been a round trip of its own after this text).
         */
        void send(boolean withCommit) {
            if (kinds.isEmpty()) {
                return;
            }
            String text = text();
            List<Kind> kindsNow = List.copyOf(kinds);
            // handed over, they are sent as they are now: nobody counts them pending any more
            List<List<Object[]>> argsNow = rows.stream()
                    .map(of -> of.stream().map(st -> withCommit ? st.args().clone() : st.args()).toList()).toList();
            kinds.clear();
            rows.clear();
            if (!withCommit || !ThreadTransactions.sendWithCommit(commit -> run(commit ? text + COMMIT : text, kindsNow, argsNow))) {
                run(text, kindsNow, argsNow);
            }
        }

        private void run(String sql, List<Kind> kinds, List<List<Object[]>> args) {
            jdbc.execute((ConnectionCallback<Void>) c -> {
                execute(c, sql, kinds, args);
                return null;
            });
        }

        private String text() {
            StringBuilder text = new StringBuilder(BY_INDEX);
            for (int k = 0; k < kinds.size(); k++) {
                text.append(k == 0 ? "" : ";\n").append(rows.get(k).size() > 1 ? kinds.get(k).manyRows() : kinds.get(k).sql());
            }
            return text.append(DEFAULTS_AGAIN).toString();
        }

        private static void execute(Connection c, String sql, List<Kind> kinds, List<List<Object[]>> rows) throws SQLException {
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                int parameter = 1;
                for (int k = 0; k < kinds.size(); k++) {
                    List<Object[]> of = rows.get(k);
                    if (of.size() == 1) {
                        for (Object arg : of.get(0)) {
                            StatementCreatorUtils.setParameterValue(ps, parameter++, SqlTypeValue.TYPE_UNKNOWN, arg);
                        }
                        continue;
                    }
                    String[] types = kinds.get(k).arrayTypes();
                    for (int column = 0; column < types.length; column++) {
                        Object[] values = new Object[of.size()];
                        for (int r = 0; r < values.length; r++) {
                            values[r] = of.get(r)[column];
                        }
                        ps.setArray(parameter++, c.createArrayOf(types[column], values));
                    }
                }
                ps.execute(); // pgjdbc runs every statement of the text, in order, and throws for any that fails
            }
        }
    }
}
