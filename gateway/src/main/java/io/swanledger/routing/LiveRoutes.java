package io.swanledger.routing;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.swanledger.api.identity.GatewayId;
import io.swanledger.api.net.Ipv4Address;
import io.swanledger.api.session.SessionClosed;
import io.swanledger.api.session.VlanRouteGranted;
import io.swanledger.api.session.VlanRouteRevoked;
import io.swanledger.api.vlan.LabVlan;
import io.swanledger.api.vlan.LabVlanChanged;
import io.swanledger.api.vlan.LabVlanRegistered;
import io.swanledger.api.vlan.LabVlanUnregistered;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The live routing state of one gateway as the events say it should be: the lab-VLAN registry and
 * which of <em>its</em> clients is routed into which VLAN. Several gateways share one history; each
 * runs its own tracking processor ({@link #processorName}) and keeps its own rows (keyed by gateway
 * id), so a gateway's kernel holds exactly its own clients' routes and a revoke on the shared list
 * reaches each gateway through its own processor. Persisted in the event store's database, so it
 * survives restarts and is rebuilt from the history on a new gateway; after each committed batch
 * the {@link RoutingApplier} makes the kernel match it.
 */
@ProcessingGroup(LiveRoutes.PROCESSING_GROUP)
public class LiveRoutes {

    public static final String PROCESSING_GROUP = "routing";

    private final JdbcTemplate jdbc;
    private final ObjectMapper json;
    private final String gateway;
    private volatile Runnable onChange = () -> { };

    public LiveRoutes(JdbcTemplate jdbc, ObjectMapper json, GatewayId gateway) {
        this.jdbc = jdbc;
        this.json = json;
        this.gateway = gateway.value();
        // the tables: db/migration (Flyway); the first version's swanledger_route and swanledger_lab_vlan are no longer read
    }

    /** The tracking processor of {@code gateway}'s routing state: its own token, its own pace. */
    public static String processorName(GatewayId gateway) {
        return PROCESSING_GROUP + "-" + gateway.value();
    }

    void onChange(Runnable listener) {
        this.onChange = listener;
    }

    @EventHandler
    void on(LabVlanRegistered e) {
        putVlan(e.vlan());
    }

    @EventHandler
    void on(LabVlanChanged e) {
        putVlan(e.after());
    }

    @EventHandler
    void on(LabVlanUnregistered e) {
        jdbc.update("delete from swanledger_gateway_lab_vlan where gateway = ? and number = ?", gateway,
                e.before().number().toString());
        changed();
    }

    @EventHandler
    void on(VlanRouteGranted e) {
        if (!e.gateway().value().equals(gateway)) {
            return; // another gateway's client: its kernel, not ours
        }
        removeRoute(e.sessionId().value());
        jdbc.update("insert into swanledger_gateway_route (gateway, session_id, client, vlan_number) values (?, ?, ?, ?)",
                gateway, e.sessionId().value(), e.clientAddress().toString(), e.vlan().number().toString());
        changed();
    }

    @EventHandler
    void on(VlanRouteRevoked e) {
        if (e.gateway().value().equals(gateway) && removeRoute(e.sessionId().value())) {
            changed();
        }
    }

    @EventHandler
    void on(SessionClosed e) {
        if (e.routedVlan() != null && e.gateway().value().equals(gateway) && removeRoute(e.sessionId().value())) {
            changed();
        }
    }

    private boolean removeRoute(String sessionId) {
        return jdbc.update("delete from swanledger_gateway_route where gateway = ? and session_id = ?", gateway, sessionId) > 0;
    }

    /** The registry as recorded. */
    public List<LabVlan> vlans() {
        return jdbc.query("select definition from swanledger_gateway_lab_vlan where gateway = ? order by number",
                (rs, n) -> read(rs.getString(1)), gateway);
    }

    /** Every routed client with its VLAN; a route whose VLAN left the registry is not listed. */
    public List<RouteGrant> grants() {
        Map<String, LabVlan> byNumber = new HashMap<>();
        vlans().forEach(v -> byNumber.put(v.number().toString(), v));
        List<RouteGrant> out = new ArrayList<>();
        jdbc.query("select client, vlan_number from swanledger_gateway_route where gateway = ? order by client", rs -> {
            LabVlan v = byNumber.get(rs.getString(2));
            if (v != null) {
                out.add(new RouteGrant(Ipv4Address.parse(rs.getString(1)), v));
            }
        }, gateway);
        return out;
    }

    private void putVlan(LabVlan v) {
        try {
            jdbc.update("delete from swanledger_gateway_lab_vlan where gateway = ? and number = ?", gateway,
                    v.number().toString());
            jdbc.update("insert into swanledger_gateway_lab_vlan (gateway, number, definition) values (?, ?, ?)", gateway,
                    v.number().toString(), json.writeValueAsString(v));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
        changed();
    }

    private LabVlan read(String definition) {
        try {
            return json.readValue(definition, LabVlan.class);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("unreadable lab VLAN in swanledger_lab_vlan: " + e.getOriginalMessage(), e);
        }
    }

    /** Tells the applier once the batch is committed, never before. */
    private void changed() {
        if (CurrentUnitOfWork.isStarted()) {
            CurrentUnitOfWork.get().root().afterCommit(u -> onChange.run());
        } else {
            onChange.run();
        }
    }
}
