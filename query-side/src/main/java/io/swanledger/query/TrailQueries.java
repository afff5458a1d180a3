package io.swanledger.query;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch._types.SortOrder;
import co.elastic.clients.elasticsearch._types.query_dsl.Query;
import co.elastic.clients.elasticsearch._types.query_dsl.RangeRelation;
import co.elastic.clients.elasticsearch.core.SearchResponse;
import co.elastic.clients.json.JsonData;
import io.swanledger.audit.AuditIndices;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.springframework.http.MediaType;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.util.MultiValueMap;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The trail beside the sessions: event search (failed logins, operator actions, list changes), who
 * had a route into a lab VLAN at an instant, the API's own audit log, and who the caller is.
 */
@RestController
class TrailQueries {

    private static final Set<String> PAGING = Set.of("size", "after", "before");

    private final ElasticsearchClient es;

    TrailQueries(ElasticsearchClient es) {
        this.es = es;
    }

    /** The caller's name and roles: how the audit UI signs a person in against this API. */
    @GetMapping(path = "/api/whoami", produces = MediaType.APPLICATION_JSON_VALUE)
    Map<String, Object> whoami(Authentication who) {
        return Map.of("name", who.getName(), "roles",
                who.getAuthorities().stream().map(GrantedAuthority::getAuthority).map(a -> a.replaceFirst("^ROLE_", "")).toList());
    }

    /** Events newest first; {@code category=operator} is whatever a person asked for. */
    @GetMapping(path = "/api/events", produces = MediaType.APPLICATION_JSON_VALUE)
    Map<String, Object> events(@RequestParam MultiValueMap<String, String> raw) throws IOException {
        Params p = Params.of(raw, SessionQueries.union(Set.of("account", "type", "category", "from", "to"), PAGING));
        String account = QueryParams.account("account", p.get("account"));
        String type = QueryParams.eventType(p.get("type"));
        String category = QueryParams.category(p.get("category"));
        Instant from = QueryParams.instant("from", p.get("from"));
        Instant to = QueryParams.instant("to", p.get("to"));
        List<Query> filters = new ArrayList<>();
        SessionSearch.term(filters, "user.name", account);
        SessionSearch.term(filters, "event.action", type);
        if ("operator".equals(category)) {
            filters.add(Query.of(q -> q.exists(e -> e.field("requested_by"))));
        } else {
            SessionSearch.term(filters, "event.category", category);
        }
        SessionSearch.timeRange(filters, "@timestamp", from, to);
        // events of one instant in the order the store recorded them
        return Pages.page(es, AuditIndices.EVENTS, Query.of(q -> q.bool(b -> b.filter(filters))), "@timestamp",
                "event.position", true, true, Pages.Request.of(p, 50), "events");
    }

    /** Sessions whose route into lab VLAN {@code vlan} existed at {@code at}: [granted, revoked or closed). */
    @GetMapping(path = "/api/vlan-access", produces = MediaType.APPLICATION_JSON_VALUE)
    Map<String, Object> vlanAccess(@RequestParam MultiValueMap<String, String> raw) throws IOException {
        Params p = Params.of(raw, Set.of("vlan", "at"));
        String vlan = QueryParams.vlan(SessionQueries.required(p, "vlan", "at"));
        Instant at = QueryParams.instant("at", SessionQueries.required(p, "at", "vlan"));
        String t = at.toString();
        SearchResponse<Map> r = es.search(s -> s.index(AuditIndices.SESSIONS).ignoreUnavailable(true).allowNoIndices(true)
                .size(1000)
                .query(q -> q.bool(b -> b
                        .filter(f -> f.term(x -> x.field("network.vlan.id").value(vlan)))
                        .filter(f -> f.range(x -> x.untyped(u -> u.field("network.vlan.route").gte(JsonData.of(t))
                                .lte(JsonData.of(t)).relation(RangeRelation.Intersects))))))
                .sort(o -> o.field(f -> f.field("user.name").order(SortOrder.Asc)))
                .sort(o -> o.field(f -> f.field("session.id").order(SortOrder.Asc))), Map.class);
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("vlan", vlan);
        out.put("at", t);
        out.put("routes", SessionQueries.sources(r));
        return out;
    }

    /** The API's own audit log, newest first. */
    @GetMapping(path = "/api/audit", produces = MediaType.APPLICATION_JSON_VALUE)
    Map<String, Object> audit(@RequestParam MultiValueMap<String, String> raw) throws IOException {
        Params p = Params.of(raw, SessionQueries.union(Set.of("user", "action", "outcome", "from", "to"), PAGING));
        String user = QueryParams.account("user", p.get("user"));
        String action = p.get("action");
        if (action != null && !action.matches("[a-z-]{1,32}")) {
            throw new io.swanledger.api.InvalidValueException("action", "is not an audit action such as search or export", action);
        }
        String outcome = p.get("outcome");
        if (outcome != null && !Set.of("success", "failure").contains(outcome)) {
            throw new io.swanledger.api.InvalidValueException("outcome", "must be success or failure", outcome);
        }
        List<Query> filters = new ArrayList<>();
        SessionSearch.term(filters, "user.name", user);
        SessionSearch.term(filters, "event.action", action);
        SessionSearch.term(filters, "event.outcome", outcome);
        SessionSearch.timeRange(filters, "@timestamp", QueryParams.instant("from", p.get("from")),
                QueryParams.instant("to", p.get("to")));
        // the log as of now, the reader's own last searches included (records are written without waiting for a refresh)
        es.indices().refresh(r -> r.index(AuditIndices.AUDIT).ignoreUnavailable(true).allowNoIndices(true));
        return Pages.page(es, AuditIndices.AUDIT, Query.of(q -> q.bool(b -> b.filter(filters))), "@timestamp", "event.id",
                true, Pages.Request.of(p, 50), "records");
    }
}
