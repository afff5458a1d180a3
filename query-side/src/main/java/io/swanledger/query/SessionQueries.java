package io.swanledger.query;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch._types.FieldValue;
import co.elastic.clients.elasticsearch._types.SortOrder;
import co.elastic.clients.elasticsearch._types.query_dsl.Query;
import co.elastic.clients.elasticsearch._types.query_dsl.RangeRelation;
import co.elastic.clients.elasticsearch.core.SearchRequest;
import co.elastic.clients.elasticsearch.core.SearchResponse;
import co.elastic.clients.elasticsearch.core.search.Hit;
import co.elastic.clients.json.JsonData;
import io.swanledger.api.InvalidValueException;
import io.swanledger.api.identity.SessionId;
import io.swanledger.api.net.Ipv4Address;
import io.swanledger.audit.AuditIndices;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.StreamingResponseBody;

/**
 * Sessions and events: who held an address at an instant, session search (newest first, paged with
 * search_after), one session with its whole timeline, event search, and any session search as a
 * streamed CSV file.
 */
@RestController
public class SessionQueries {

    static final List<String> CSV_COLUMNS = List.of("session.id", "session.status", "@timestamp", "lease.gte", "lease.lt",
            "user.name", "user.requested", "source.ip", "client.ip", "client.port", "network.vlan.id", "source.nat.ip",
            "auth.method", "observer.name", "session.close_reason", "network.bytes");

    private final ElasticsearchClient es;

    SessionQueries(ElasticsearchClient es) {
        this.es = es;
    }

    /** With {@code ip} and {@code at}: who held that address then. Otherwise a search. */
    @GetMapping(path = "/api/sessions", produces = MediaType.APPLICATION_JSON_VALUE)
    Map<String, Object> sessions(@RequestParam Map<String, String> params) throws IOException {
        allowOnly(params, "ip", "at", "account", "vlan", "peer", "gateway", "status", "from", "to", "size", "after");
        if (params.containsKey("ip") || params.containsKey("at")) {
            return whoHeld(QueryParams.ip("ip", required(params, "ip")), QueryParams.instant("at", required(params, "at")));
        }
        int size = QueryParams.size(params.get("size"));
        Query query = filter(params);
        List<FieldValue> after = after(params.get("after"));
        SearchResponse<Map> r = es.search(s -> page(s.index(AuditIndices.SESSIONS).query(query).size(size)
                .sort(o -> o.field(f -> f.field("@timestamp").order(SortOrder.Desc)))
                .sort(o -> o.field(f -> f.field("session.id").order(SortOrder.Desc)))
                .trackTotalHits(t -> t.enabled(true)), after), Map.class);
        List<Map<String, Object>> hits = sources(r);
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("total", r.hits().total() == null ? hits.size() : r.hits().total().value());
        out.put("sessions", hits);
        if (hits.size() == size) {
            out.put("next", cursor(r.hits().hits().get(hits.size() - 1)));
        }
        return out;
    }

    /** The same search as a CSV download, every match, fetched page by page while it streams. */
    @GetMapping(path = "/api/sessions", produces = "text/csv")
    ResponseEntity<StreamingResponseBody> sessionsCsv(@RequestParam Map<String, String> params) {
        allowOnly(params, "account", "vlan", "peer", "gateway", "status", "from", "to");
        Query query = filter(params);
        StreamingResponseBody body = out -> {
            Writer w = new OutputStreamWriter(out, StandardCharsets.UTF_8);
            w.write(String.join(",", CSV_COLUMNS) + "\n");
            List<FieldValue> after = List.of();
            while (true) {
                List<FieldValue> a = after;
                SearchResponse<Map> r = es.search(s -> page(s.index(AuditIndices.SESSIONS).query(query).size(1000)
                        .sort(o -> o.field(f -> f.field("@timestamp").order(SortOrder.Desc)))
                        .sort(o -> o.field(f -> f.field("session.id").order(SortOrder.Desc))), a), Map.class);
                List<Hit<Map>> hits = r.hits().hits();
                for (Hit<Map> h : hits) {
                    w.write(Csv.row(CSV_COLUMNS, h.source()));
                }
                w.flush();
                if (hits.size() < 1000) {
                    break;
                }
                after = hits.get(hits.size() - 1).sort();
            }
            w.flush();
        };
        return ResponseEntity.ok().contentType(MediaType.parseMediaType("text/csv; charset=UTF-8"))
                .header("Content-Disposition", "attachment; filename=\"sessions.csv\"").body(body);
    }

    @GetMapping(path = "/api/sessions/{id}", produces = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<Map<String, Object>> session(@PathVariable("id") String id) throws IOException {
        String sessionId = SessionId.of(id).value();
        SearchResponse<Map> r = es.search(s -> s.index(AuditIndices.SESSIONS)
                .query(q -> q.ids(i -> i.values(sessionId))), Map.class);
        if (r.hits().hits().isEmpty()) {
            return ResponseEntity.status(404).body(Map.of("error", "no session " + sessionId));
        }
        SearchResponse<Map> events = es.search(s -> s.index(AuditIndices.EVENTS).size(1000)
                .query(q -> q.term(t -> t.field("session.id").value(sessionId)))
                .sort(o -> o.field(f -> f.field("@timestamp").order(SortOrder.Asc)))
                .sort(o -> o.field(f -> f.field("event.position").order(SortOrder.Asc).missing("_last"))), Map.class);
        Map<String, Object> out = new LinkedHashMap<>(sources(r).get(0));
        out.put("timeline", sources(events));
        return ResponseEntity.ok(out);
    }

    @GetMapping(path = "/api/events", produces = MediaType.APPLICATION_JSON_VALUE)
    Map<String, Object> events(@RequestParam Map<String, String> params) throws IOException {
        allowOnly(params, "account", "type", "from", "to", "size", "after");
        String account = QueryParams.account(params.get("account"));
        String type = QueryParams.eventType(params.get("type"));
        Instant from = QueryParams.instant("from", params.get("from"));
        Instant to = QueryParams.instant("to", params.get("to"));
        int size = QueryParams.size(params.get("size"));
        List<Query> filters = new ArrayList<>();
        if (account != null) {
            filters.add(Query.of(q -> q.term(t -> t.field("user.name").value(account))));
        }
        if (type != null) {
            filters.add(Query.of(q -> q.term(t -> t.field("event.action").value(type))));
        }
        timeRange(filters, "@timestamp", from, to);
        List<FieldValue> after = after(params.get("after"));
        SearchResponse<Map> r = es.search(s -> page(s.index(AuditIndices.EVENTS).size(size)
                .query(q -> q.bool(b -> b.filter(filters)))
                .sort(o -> o.field(f -> f.field("@timestamp").order(SortOrder.Desc)))
                .sort(o -> o.field(f -> f.field("event.id").order(SortOrder.Desc))), after), Map.class);
        List<Map<String, Object>> hits = sources(r);
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("events", hits);
        if (hits.size() == size) {
            out.put("next", cursor(r.hits().hits().get(hits.size() - 1)));
        }
        return out;
    }

    /** Sessions whose lease [start, end) contains {@code at} for {@code ip}: one term and one range filter. */
    public static SearchRequest whoHeldRequest(Ipv4Address ip, Instant at) {
        String t = at.toString();
        return SearchRequest.of(s -> s.index(AuditIndices.SESSIONS).size(100)
                .query(q -> q.bool(b -> b
                        .filter(f -> f.term(x -> x.field("source.ip").value(ip.toString())))
                        .filter(f -> f.range(x -> x.untyped(u -> u.field("lease").gte(JsonData.of(t)).lte(JsonData.of(t))
                                .relation(RangeRelation.Intersects))))))
                .sort(o -> o.field(f -> f.field("@timestamp").order(SortOrder.Desc))));
    }

    private Map<String, Object> whoHeld(Ipv4Address ip, Instant at) throws IOException {
        String t = at.toString();
        SearchResponse<Map> r = es.search(whoHeldRequest(ip, at), Map.class);
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("ip", ip.toString());
        out.put("at", t);
        out.put("sessions", sources(r));
        return out;
    }

    /** The filter of a session search; parameters are validated here (400 on a bad one). */
    public static Query filter(Map<String, String> params) {
        String account = QueryParams.account(params.get("account"));
        String vlan = QueryParams.vlan(params.get("vlan"));
        String peer = QueryParams.peer(params.get("peer"));
        String gateway = QueryParams.gateway(params.get("gateway"));
        String status = QueryParams.status(params.get("status"));
        Instant from = QueryParams.instant("from", params.get("from"));
        Instant to = QueryParams.instant("to", params.get("to"));
        List<Query> filters = new ArrayList<>();
        term(filters, "user.name", account);
        term(filters, "network.vlan.id", vlan);
        if (peer != null) {
            // every endpoint the client used (a roam adds one); client.ip alone in documents older than roaming
            filters.add(Query.of(q -> q.bool(b -> b.minimumShouldMatch("1")
                    .should(Query.of(s -> s.term(t -> t.field("client.ips").value(peer))))
                    .should(Query.of(s -> s.term(t -> t.field("client.ip").value(peer)))))));
        }
        term(filters, "observer.name", gateway);
        term(filters, "session.status", status);
        timeRange(filters, "@timestamp", from, to);
        return Query.of(q -> q.bool(b -> b.filter(filters)));
    }

    private static void term(List<Query> filters, String field, String value) {
        if (value != null) {
            filters.add(Query.of(q -> q.term(t -> t.field(field).value(value))));
        }
    }

    private static void timeRange(List<Query> filters, String field, Instant from, Instant to) {
        if (from != null && to != null && !from.isBefore(to)) {
            throw new InvalidValueException("from", "must be before to", from);
        }
        if (from != null || to != null) {
            filters.add(Query.of(q -> q.range(r -> r.untyped(u -> {
                u.field(field);
                if (from != null) {
                    u.gte(JsonData.of(from.toString()));
                }
                if (to != null) {
                    u.lt(JsonData.of(to.toString()));
                }
                return u;
            }))));
        }
    }

    /** search_after only from the second page on: Elasticsearch refuses an empty one. */
    public static SearchRequest.Builder page(SearchRequest.Builder s, List<FieldValue> after) {
        return after.isEmpty() ? s : s.searchAfter(after);
    }

    private static List<FieldValue> after(String text) {
        QueryParams.Cursor c = QueryParams.Cursor.decode(text);
        return c == null ? List.of() : List.of(FieldValue.of(c.timestamp()), FieldValue.of(c.id()));
    }

    private static String cursor(Hit<Map> last) {
        List<FieldValue> sort = last.sort();
        return new QueryParams.Cursor(sort.get(0).longValue(), sort.get(1).stringValue()).encode();
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> sources(SearchResponse<Map> r) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (Hit<Map> h : r.hits().hits()) {
            out.add(h.source());
        }
        return out;
    }

    private static String required(Map<String, String> params, String name) {
        String v = params.get(name);
        if (v == null) {
            throw new InvalidValueException(name, "is required together with " + (name.equals("ip") ? "at" : "ip"));
        }
        return v;
    }

    static void allowOnly(Map<String, String> params, String... allowed) {
        List<String> ok = List.of(allowed);
        for (String k : params.keySet()) {
            if (!ok.contains(k)) {
                throw new InvalidValueException("parameter", "is not known here; allowed: " + String.join(", ", ok), k);
            }
        }
    }
}
