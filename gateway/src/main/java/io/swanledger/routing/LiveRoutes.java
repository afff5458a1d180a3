package io.swanledger.routing;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
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
 * The live routing state as the events say it should be: the lab-VLAN registry and which client
 * address is routed into which VLAN. Persisted in the event store's database by a tracking
 * processor, so that it survives restarts and is rebuilt from the history on a new gateway; after
 * each committed batch the {@link RoutingApplier} makes the kernel match it.
 */
@ProcessingGroup(LiveRoutes.PROCESSING_GROUP)
public class LiveRoutes {

    public static final String PROCESSING_GROUP = "routing";

    private final JdbcTemplate jdbc;
    private final ObjectMapper json;
    private volatile Runnable onChange = () -> { };

    public LiveRoutes(JdbcTemplate jdbc, ObjectMapper json) {
        this.jdbc = jdbc;
        this.json = json;
        jdbc.execute("create table if not exists swanledger_route (session_id varchar(64) primary key, "
                + "client varchar(15) not null, vlan_number varchar(9) not null)");
        jdbc.execute("create table if not exists swanledger_lab_vlan (number varchar(9) primary key, "
                + "definition varchar(2000) not null)");
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
        jdbc.update("delete from swanledger_lab_vlan where number = ?", e.before().number().toString());
        changed();
    }

    @EventHandler
    void on(VlanRouteGranted e) {
        jdbc.update("delete from swanledger_route where session_id = ?", e.sessionId().value());
        jdbc.update("insert into swanledger_route (session_id, client, vlan_number) values (?, ?, ?)",
                e.sessionId().value(), e.clientAddress().toString(), e.vlan().number().toString());
        changed();
    }

    @EventHandler
    void on(VlanRouteRevoked e) {
        jdbc.update("delete from swanledger_route where session_id = ?", e.sessionId().value());
        changed();
    }

    @EventHandler
    void on(SessionClosed e) {
        if (e.routedVlan() != null) {
            jdbc.update("delete from swanledger_route where session_id = ?", e.sessionId().value());
            changed();
        }
    }

    /** The registry as recorded. */
    public List<LabVlan> vlans() {
        return jdbc.query("select definition from swanledger_lab_vlan order by number", (rs, n) -> read(rs.getString(1)));
    }

    /** Every routed client with its VLAN; a route whose VLAN left the registry is not listed. */
    public List<RouteGrant> grants() {
        Map<String, LabVlan> byNumber = new HashMap<>();
        vlans().forEach(v -> byNumber.put(v.number().toString(), v));
        List<RouteGrant> out = new ArrayList<>();
        jdbc.query("select client, vlan_number from swanledger_route order by client", rs -> {
            LabVlan v = byNumber.get(rs.getString(2));
            if (v != null) {
                out.add(new RouteGrant(Ipv4Address.parse(rs.getString(1)), v));
            }
        });
        return out;
    }

    private void putVlan(LabVlan v) {
        try {
            jdbc.update("delete from swanledger_lab_vlan where number = ?", v.number().toString());
            jdbc.update("insert into swanledger_lab_vlan (number, definition) values (?, ?)", v.number().toString(),
                    json.writeValueAsString(v));
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
