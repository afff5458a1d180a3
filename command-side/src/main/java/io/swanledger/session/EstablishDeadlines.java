package io.swanledger.session;

import io.swanledger.api.identity.GatewayId;
import io.swanledger.api.identity.SessionId;
import io.swanledger.api.session.CloseReason;
import io.swanledger.api.session.CloseSession;
import io.swanledger.api.session.SessionAuthorized;
import io.swanledger.api.session.SessionClosed;
import io.swanledger.api.session.SessionEstablished;
import io.swanledger.eventstore.StatementBatch;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The deadline by which an authorized session must come up, kept in the event store's database so
 * that it survives restarts (an in-memory deadline died with the process, and a session that never
 * came up then held its address forever when no VICI link reconciled it). A subscribing processor
 * writes a row when a session is authorized and deletes it when the session comes up or closes, in
 * the transaction that records those events; {@link #sweep} closes what is due
 * {@code never-established}, dated at its deadline. A gateway sweeps its own sessions at their
 * deadline and, after a grace period, those of a gateway that is gone; a close sent twice records
 * nothing the second time.
 */
@ProcessingGroup(EstablishDeadlines.PROCESSING_GROUP)
public class EstablishDeadlines {

    public static final String PROCESSING_GROUP = "establish-deadlines";
    static final String SYSTEM = "swanledger";
    private static final Logger log = LoggerFactory.getLogger(EstablishDeadlines.class);
    private static final int BATCH = 500;

    private static final StatementBatch.Kind INSERT = new StatementBatch.Kind(
            "insert into swanledger_establish_deadline (session_id, gateway, due_at) values (?, ?, ?)",
            "insert into swanledger_establish_deadline (session_id, gateway, due_at) "
                    + "select * from unnest(?::text[], ?::text[], ?::int8[])", "text", "text", "int8");
    private static final StatementBatch.Kind DELETE = new StatementBatch.Kind(
            "delete from swanledger_establish_deadline where session_id = ?",
            "delete from swanledger_establish_deadline where session_id = any(?::text[])", "text");

    private record Due(SessionId session, GatewayId gateway, Instant at) {
    }

    private final JdbcTemplate jdbc;
    private final StatementBatch batch;
    private final SessionPolicy policy;
    private final String gateway;
    private final Duration othersGrace;

    /** {@code gateway} is this process's gateway id, or null where none runs (then every gateway's are swept). */
    public EstablishDeadlines(JdbcTemplate jdbc, SessionPolicy policy, GatewayId gateway, Duration othersGrace) {
        this.jdbc = jdbc;
        this.batch = new StatementBatch(jdbc);
        this.policy = policy;
        this.gateway = gateway == null ? null : gateway.value();
        this.othersGrace = othersGrace;
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

    /** Closes the sessions whose deadline has passed; returns how many it closed. Failures wait for the next sweep. */
    public int sweep(CommandGateway commands, Instant now) {
        int closed = 0;
        for (Due d : due(now)) {
            try {
                commands.sendAndWait(new CloseSession(d.session(), CloseReason.NEVER_ESTABLISHED,
                        "no tunnel came up before the deadline", SYSTEM, null, d.gateway(), d.at()));
                // the close's own event deletes the row; a session that did come up meanwhile keeps its row
                // only until its SessionEstablished is handled, and the aggregate refuses to close it
                jdbc.update("delete from swanledger_establish_deadline where session_id = ? and due_at = ?",
                        d.session().value(), micros(d.at()));
                closed++;
            } catch (RuntimeException e) {
                log.warn("session {}: could not close it after its establish deadline (retried at the next sweep): {}",
                        d.session(), e.getMessage());
            }
        }
        return closed;
    }

    private List<Due> due(Instant now) {
        long mine = micros(now);
        long others = micros(now.minus(othersGrace));
        String sql = "select session_id, gateway, due_at from swanledger_establish_deadline where "
                + (gateway == null ? "due_at <= ?" : "(gateway = ? and due_at <= ?) or due_at <= ?")
                + " order by due_at limit " + BATCH;
        Object[] args = gateway == null ? new Object[] {mine} : new Object[] {gateway, mine, others};
        return jdbc.query(sql, (rs, n) -> new Due(SessionId.of(rs.getString(1)), GatewayId.of(rs.getString(2)),
                instant(rs.getLong(3))), args);
    }

    /** How many sessions are waiting for their tunnel. */
    public long pending() {
        Long n = jdbc.queryForObject("select count(*) from swanledger_establish_deadline", Long.class);
        return n == null ? 0 : n;
    }

    private static long micros(Instant t) {
        return t.getEpochSecond() * 1_000_000L + t.getNano() / 1_000;
    }

    private static Instant instant(long micros) {
        return Instant.ofEpochSecond(Math.floorDiv(micros, 1_000_000L), Math.floorMod(micros, 1_000_000L) * 1_000L);
    }
}
