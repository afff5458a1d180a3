package io.swanledger.session;

import io.swanledger.api.identity.GatewayId;
import io.swanledger.api.identity.SessionId;
import io.swanledger.api.session.RevokeVlanRoute;
import io.swanledger.api.session.SessionClosed;
import io.swanledger.api.session.VlanRouteGranted;
import io.swanledger.api.session.VlanRouteRevoked;
import io.swanledger.api.vlan.AccessPairRevoked;
import io.swanledger.api.vlan.LabVlanChanged;
import io.swanledger.api.vlan.LabVlanUnregistered;
import io.swanledger.eventstore.StatementBatch;
import java.time.Instant;
import java.util.List;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Which live sessions hold a lab-VLAN route, kept in the event store's database, and the withdrawal
 * of those routes when their pair or VLAN leaves the access list. A subscribing processor writes a
 * row when a route is granted and deletes it when the route is revoked or its session closes, in the
 * transaction that records those events; a change of the list revokes the route of every session
 * the rows name, in the transaction that records the change. This replaced a saga per session: only the one login in ten
 * that has a route costs a row, and nothing reads every event back.
 */
@ProcessingGroup(RouteRevocations.PROCESSING_GROUP)
public class RouteRevocations {

    public static final String PROCESSING_GROUP = "vlan-routes";

    private record Route(SessionId session, GatewayId gateway) {
    }

    private static final StatementBatch.Kind INSERT = new StatementBatch.Kind(
            "insert into swanledger_vlan_route (session_id, pair, vlan, gateway) values (?, ?, ?, ?)",
            "insert into swanledger_vlan_route (session_id, pair, vlan, gateway) "
                    + "select * from unnest(?::text[], ?::text[], ?::text[], ?::text[])", "text", "text", "text", "text");
    private static final StatementBatch.Kind DELETE = new StatementBatch.Kind(
            "delete from swanledger_vlan_route where session_id = ?",
            "delete from swanledger_vlan_route where session_id = any(?::text[])", "text");

    private final JdbcTemplate jdbc;
    private final StatementBatch batch;

    public RouteRevocations(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
        this.batch = new StatementBatch(jdbc);
        // the table: db/migration (Flyway)
    }

    @EventHandler
    void on(VlanRouteGranted e) {
        batch.addFor(e.sessionId(), INSERT, e.sessionId().value(), e.pair().toString(), e.vlan().number().toString(),
                e.gateway().value());
    }

    @EventHandler
    void on(VlanRouteRevoked e) {
        forget(e.sessionId());
    }

    @EventHandler
    void on(SessionClosed e) {
        if (e.routedVlan() != null) {
            forget(e.sessionId());
        }
    }

    @EventHandler
    void on(AccessPairRevoked e, CommandGateway commands) {
        revoke(commands, "pair", e.pair().toString(), VlanRouteRevoked.Reason.PAIR_REVOKED, e.at());
    }

    @EventHandler
    void on(LabVlanUnregistered e, CommandGateway commands) {
        revoke(commands, "vlan", e.before().number().toString(), VlanRouteRevoked.Reason.VLAN_UNREGISTERED, e.at());
    }

    @EventHandler
    void on(LabVlanChanged e, CommandGateway commands) {
        revoke(commands, "vlan", e.before().number().toString(), VlanRouteRevoked.Reason.VLAN_CHANGED, e.at());
    }

    private void forget(SessionId session) {
        batch.addFor(session, DELETE, session.value());
    }

    private void revoke(CommandGateway commands, String column, String value, VlanRouteRevoked.Reason reason, Instant at) {
        List<Route> routes = jdbc.query("select session_id, gateway from swanledger_vlan_route where " + column + " = ?",
                (rs, n) -> new Route(SessionId.of(rs.getString(1)), GatewayId.of(rs.getString(2))), value);
        for (Route r : routes) {
            commands.sendAndWait(new RevokeVlanRoute(r.session(), reason, r.gateway(), at));
        }
    }

    /** How many sessions hold a route now. */
    public long routed() {
        Long n = jdbc.queryForObject("select count(*) from swanledger_vlan_route", Long.class);
        return n == null ? 0 : n;
    }
}
