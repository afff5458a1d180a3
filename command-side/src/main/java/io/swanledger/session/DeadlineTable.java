package io.swanledger.session;

import io.swanledger.api.identity.GatewayId;
import io.swanledger.api.identity.SessionId;
import io.swanledger.api.session.SessionAuthorized;
import io.swanledger.api.session.SessionClosed;
import io.swanledger.api.session.SessionEstablished;
import io.swanledger.eventstore.StatementBatch;
import java.time.Instant;
import java.util.List;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Establish deadlines as rows of their own, for a command side that runs without a gateway's live-session
 * directory. A subscribing processor writes a row when a session is authorized and deletes it when the
 * session comes up or closes, in the transaction that records those events.
 */
@ProcessingGroup(DeadlineTable.PROCESSING_GROUP)
public class DeadlineTable implements PendingEstablishments {

    public static final String PROCESSING_GROUP = "establish-deadlines";

    private static final StatementBatch.Kind INSERT = new StatementBatch.Kind(
            "insert into swanledger_establish_deadline (session_id, gateway, due_at) values (?, ?, ?)",
            "insert into swanledger_establish_deadline (session_id, gateway, due_at) "
                    + "select * from unnest(?::text[], ?::text[], ?::int8[])", "text", "text", "int8");
    private static final StatementBatch.Kind DELETE = new StatementBatch.Kind(
            "delete from swanledger_establish_deadline where session_id = ?",
            "delete from swanledger_establish_deadline where session_id = any(?::text[])", "text");

    private final JdbcTemplate jdbc;
    private final StatementBatch batch;
    private final SessionPolicy policy;

    public DeadlineTable(JdbcTemplate jdbc, SessionPolicy policy) {
        this.jdbc = jdbc;
        this.batch = new StatementBatch(jdbc);
        this.policy = policy;
        // the table: db/migration (Flyway)
    }

    @EventHandler
    void on(SessionAuthorized e) {
        batch.addFor(e.sessionId(), INSERT, e.sessionId().value(), e.gateway().value(),
                micros(e.at().plus(policy.establishTimeout())));
    }

    @EventHandler
    void on(SessionEstablished e) {
        batch.addFor(e.sessionId(), DELETE, e.sessionId().value());
    }

    @EventHandler
    void on(SessionClosed e) {
        if (e.wasEstablished()) {
            return; // its row went when it came up
        }
        batch.addFor(e.sessionId(), DELETE, e.sessionId().value());
    }

    @Override
    public List<Due> due(GatewayId gateway, Instant mine, Instant others, int limit) {
        String sql = "select session_id, gateway, due_at from swanledger_establish_deadline where "
                + (gateway == null ? "due_at <= ?" : "(gateway = ? and due_at <= ?) or due_at <= ?")
                + " order by due_at limit " + limit;
        Object[] args = gateway == null ? new Object[] {micros(mine)}
                : new Object[] {gateway.value(), micros(mine), micros(others)};
        return jdbc.query(sql, (rs, n) -> new Due(SessionId.of(rs.getString(1)), GatewayId.of(rs.getString(2)),
                instant(rs.getLong(3))), args);
    }

    /**
     * The close's own event deletes the row; a session that came up meanwhile keeps its row only until its
     * SessionEstablished is handled (the aggregate refuses to close it), and one already closed loses it here.
     */
    @Override
    public void swept(Due d) {
        jdbc.update("delete from swanledger_establish_deadline where session_id = ? and due_at = ?",
                d.session().value(), micros(d.at()));
    }

    @Override
    public long count() {
        Long n = jdbc.queryForObject("select count(*) from swanledger_establish_deadline", Long.class);
        return n == null ? 0 : n;
    }

    static long micros(Instant t) {
        return t.getEpochSecond() * 1_000_000L + t.getNano() / 1_000;
    }

    static Instant instant(long micros) {
        return Instant.ofEpochSecond(Math.floorDiv(micros, 1_000_000L), Math.floorMod(micros, 1_000_000L) * 1_000L);
    }
}
