package io.swanledger.eventstore;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;
import org.axonframework.messaging.unitofwork.UnitOfWork;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The statements an event handler of a subscribing processor writes beside the events (the live
 * sessions, the establish deadlines, the routed sessions), sent when its unit of work prepares to
 * commit, still inside the transaction of the events, each statement text as one JDBC batch. A group
 * of 30 commands then costs a round trip per kind of statement instead of one per row.
 *
 * <p>A statement added {@linkplain #addFor for a row} may be sent before statements of other rows that
 * were added earlier, never before an earlier one of its own row: the statements are sent in rounds, a
 * row's n-th statement in the n-th round, and a round is one batch per statement text. (A group mixes
 * a login's insert, an establish's update and a close's delete: sent in the order added, nearly every
 * statement was a round trip of its own.) A statement added without a row is a barrier: everything
 * before it is sent first, everything after it after. Outside a unit of work a statement runs at once.
 */
public final class StatementBatch {

    private static final String KEY = StatementBatch.class.getName();

    /** One statement, its arguments open to change until it is sent; {@code row} null for a barrier. */
    public record Statement(Object row, String sql, Object[] args) {
    }

    private final JdbcTemplate jdbc;

    public StatementBatch(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * Adds a statement that changes only the rows identified by {@code row} (e.g. a session id) to the
     * current unit of work's batch, or runs it now outside one; returns it.
     */
    public Statement addFor(Object row, String sql, Object... args) {
        return add(new Statement(Objects.requireNonNull(row, "row"), sql, args));
    }

    /** Adds a statement that may change any row: a barrier (see above); returns it. */
    public Statement add(String sql, Object... args) {
        return add(new Statement(null, sql, args));
    }

    private Statement add(Statement s) {
        if (!CurrentUnitOfWork.isStarted()) {
            jdbc.update(s.sql(), s.args());
            return s;
        }
        pending(CurrentUnitOfWork.get()).add(s);
        return s;
    }

    /** True if {@code statement} was added to the current unit of work and is not sent yet. */
    public boolean pending(Statement statement) {
        if (!CurrentUnitOfWork.isStarted()) {
            return false;
        }
        List<Statement> list = CurrentUnitOfWork.get().getResource(key());
        return list != null && list.contains(statement);
    }

    private String key() {
        return KEY + "@" + System.identityHashCode(this);
    }

    private List<Statement> pending(UnitOfWork<?> uow) {
        return uow.getOrComputeResource(key(), k -> {
            List<Statement> list = new ArrayList<>();
            uow.onPrepareCommit(u -> flush(list));
            return list;
        });
    }

    private void flush(List<Statement> list) {
        int start = 0;
        for (int i = 0; i <= list.size(); i++) {
            if (i == list.size() || list.get(i).row() == null) {
                sendInRounds(list.subList(start, i));
                if (i < list.size()) {
                    jdbc.update(list.get(i).sql(), list.get(i).args());
                }
                start = i + 1;
            }
        }
        list.clear();
    }

    /** Statements that each change one row's: round n holds every row's n-th statement, by text. */
    private void sendInRounds(List<Statement> statements) {
        List<Map<String, List<Object[]>>> rounds = new ArrayList<>();
        Map<Object, Integer> statementsOfRow = new HashMap<>();
        for (Statement s : statements) {
            int round = statementsOfRow.merge(s.row(), 1, Integer::sum) - 1;
            if (round == rounds.size()) {
                rounds.add(new LinkedHashMap<>());
            }
            rounds.get(round).computeIfAbsent(s.sql(), k -> new ArrayList<>()).add(s.args());
        }
        for (Map<String, List<Object[]>> round : rounds) {
            round.forEach((sql, args) -> {
                if (args.size() == 1) {
                    jdbc.update(sql, args.get(0));
                } else {
                    jdbc.batchUpdate(sql, args);
                }
            });
        }
    }
}
