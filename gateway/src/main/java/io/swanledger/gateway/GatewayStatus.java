package io.swanledger.gateway;

import io.swanledger.accesslist.AccessListFile;
import io.swanledger.accesslist.AccessListImports;
import io.swanledger.api.identity.GatewayId;
import io.swanledger.radius.RadiusFront;
import io.swanledger.routing.RoutingApplier;
import io.swanledger.routing.RoutingProperties;
import io.swanledger.live.LiveSessions;
import io.swanledger.vici.StrongSwanLink;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /api/status} (OPERATOR): what an operator checks first — is charon reachable, when did
 * the history last agree with it, what did RADIUS drop and why, is the kernel in line.
 */
@RestController
class GatewayStatus {

    private final GatewayId gateway;
    private final LiveSessions sessions;
    private final RadiusFront radius;
    private final RoutingProperties routing;
    private final ObjectProvider<StrongSwanLink> strongSwan;
    private final ObjectProvider<RoutingApplier> applier;
    private final AccessListImports accessList;
    private final JdbcTemplate jdbc;
    private final ObjectProvider<AccessListFile> accessListFile;

    GatewayStatus(GatewayId gateway, LiveSessions sessions, RadiusFront radius, RoutingProperties routing,
                  ObjectProvider<StrongSwanLink> strongSwan, ObjectProvider<RoutingApplier> applier,
                  AccessListImports accessList, ObjectProvider<AccessListFile> accessListFile,
                  JdbcTemplate jdbc) {
        this.jdbc = jdbc;
        this.accessList = accessList;
        this.accessListFile = accessListFile;
        this.gateway = gateway;
        this.sessions = sessions;
        this.radius = radius;
        this.routing = routing;
        this.strongSwan = strongSwan;
        this.applier = applier;
    }

    /** Whether the event store answers now (one trivial query, a connection from the pool or a 2 s wait). */
    private Map<String, Object> store() {
        Map<String, Object> s = new LinkedHashMap<>();
        try {
            jdbc.queryForObject("select 1", Integer.class);
            s.put("reachable", true);
        } catch (RuntimeException e) {
            s.put("reachable", false);
            s.put("error", e.getMessage());
        }
        return s;
    }

    @GetMapping("/api/status")
    Map<String, Object> status() {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("gateway", gateway.value());
        out.put("openSessions", sessions.openCount(gateway));
        StrongSwanLink link = strongSwan.getIfAvailable();
        out.put("vici", link == null ? Map.of("configured", false) : link.status());
        out.put("store", store());
        out.put("radius", radius.counters().snapshot());
        out.put("accountingSpool", radius.spoolStatus());
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("backend", routing.backend() == null ? "off" : routing.backend());
        RoutingApplier a = applier.getIfAvailable();
        if (a != null) {
            RoutingApplier.Status s = a.status();
            r.put("lastApplied", s.at() == null ? null : s.at().toString());
            r.put("added", s.added());
            r.put("removed", s.removed());
            r.put("error", s.error());
        }
        out.put("routing", r);
        Map<String, Object> list = new LinkedHashMap<>();
        AccessListFile file = accessListFile.getIfAvailable();
        list.put("file", file == null ? null : file.status());
        list.put("last", accessList.last());
        out.put("accessList", list);
        return out;
    }
}
