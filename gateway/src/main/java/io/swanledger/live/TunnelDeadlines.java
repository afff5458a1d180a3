package io.swanledger.live;

import io.swanledger.api.identity.GatewayId;
import io.swanledger.api.identity.SessionId;
import io.swanledger.session.PendingEstablishments;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * A gateway's establish deadlines, read from its live-session directory: a session authorized and not
 * yet established is due at its authorization plus the establish timeout. {@link LiveSessions} writes
 * the row at the login, marks it established in place and deletes it at the close, in the transactions
 * of those events; so the deadlines survive a restart and cost no row of their own (a table of
 * deadlines was an insert, two index entries and a delete per login on the committing connection, a
 * tenth of its backend's time under churn). The sweep reads the directory without an index, once per
 * sweep period: an index on whether a session is up would have its establish update rewrite every
 * index of the row instead of updating it in place.
 */
public class TunnelDeadlines implements PendingEstablishments {

    private final JdbcTemplate jdbc;
    private final Duration establishTimeout;

    public TunnelDeadlines(JdbcTemplate jdbc, Duration establishTimeout) {
        this.jdbc = jdbc;
        this.establishTimeout = establishTimeout;
    }

    @Override
    public List<Due> due(GatewayId gateway, Instant mine, Instant others, int limit) {
        // a row of the first version without a gateway had no deadline either
        String sql = "select session_id, gateway, authorized_at from swanledger_live_session "
                + "where established = false and gateway is not null and "
                + (gateway == null ? "authorized_at <= ?" : "((gateway = ? and authorized_at <= ?) or authorized_at <= ?)")
                + " order by authorized_at limit " + limit;
        Object[] args = gateway == null ? new Object[] {authorizedBy(mine)}
                : new Object[] {gateway.value(), authorizedBy(mine), authorizedBy(others)};
        return jdbc.query(sql, (rs, n) -> new Due(SessionId.of(rs.getString(1)), GatewayId.of(rs.getString(2)),
                LiveSessions.instant(rs.getLong(3)).plus(establishTimeout)), args);
    }

    @Override
    public long count() {
        Long n = jdbc.queryForObject("select count(*) from swanledger_live_session where established = false", Long.class);
        return n == null ? 0 : n;
    }

    /** The latest authorization whose deadline falls at or before {@code deadline}, as the directory stores it. */
    private long authorizedBy(Instant deadline) {
        return LiveSessions.micros(deadline.minus(establishTimeout));
    }
}
