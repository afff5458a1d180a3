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
import io.swanledger.api.net.Ipv4Address;
import io.swanledger.audit.AuditIndices;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.util.MultiValueMap;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.StreamingResponseBody;

/**
 * Sessions: who held an address at an instant, an address's leases over a period, session search
 * (newest first, paged both ways), the same search as a streamed CSV file up to a cap, the live
 * sessions of a gateway, and one session with its timeline in pages. Each request is parsed into a
 * typed search first ({@link SessionSearch}, {@link Pages.Request}); only a valid one reaches
 * Elasticsearch.
 */
@RestController
public class SessionQueries {

    static final List<String> CSV_COLUMNS = List.of("session.id", "session.status", "@timestamp", "lease.gte", "lease.lt",
            "user.name", "user.requested", "source.ip", "client.ip", "client.port", "network.vlan.id", "source.nat.ip",
            "auth.method", "observer.name", "session.close_reason", "session.closed_by", "network.bytes");

    private static final Set<String> WHO_HELD = Set.of("ip", "at");
    private static final Set<String> PAGING = Set.of("size", "after", "before");
    private static final DateTimeFormatter FILE_TIME = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);

    private final ElasticsearchClient es;
    private final QueryAudit audit;
    private final int exportCap;

    SessionQueries(ElasticsearchClient es, QueryAudit audit, @Value("${swanledger.query.export-max-rows:100000}") int exportCap) {
        this.es = es;
        this.audit = audit;
        this.exportCap = exportCap;
    }

    /** With {@code ip} and {@code at}: who held that address then (nothing else may be given). Otherwise a search. */
    @GetMapping(path = "/api/sessions", produces = MediaType.APPLICATION_JSON_VALUE)
    Map<String, Object> sessions(@RequestParam MultiValueMap<String, String> raw) throws IOException {
        Params p = Params.of(raw, union(WHO_HELD, SessionSearch.FIELDS, PAGING));
        if (p.has("ip") || p.has("at")) {
            p.onlyFor("to ask who held an address", WHO_HELD);
            return whoHeld(QueryParams.ip("ip", required(p, "ip", "at")), QueryParams.instant("at", required(p, "at", "ip")));
        }
        SessionSearch search = SessionSearch.of(p);
        Map<String, Object> out = Pages.page(es, AuditIndices.SESSIONS, search.query(), "@timestamp", "session.id", true,
                Pages.Request.of(p, 50), "sessions");
        out.put("export_max_rows", exportCap); // so that a UI can say before the download how much the file will hold
        return out;
    }

    /**
     * The same search as a CSV file: every match up to the cap, fetched page by page while it streams.
     * The headers say how many matched and where the cap is; the file name carries the query and the
     * UTC time; the export is recorded before the first byte.
     */
    @GetMapping(path = "/api/sessions", produces = "text/csv")
    ResponseEntity<StreamingResponseBody> sessionsCsv(@RequestParam MultiValueMap<String, String> raw,
                                                      HttpServletRequest request) throws IOException {
        Params p = Params.of(raw, SessionSearch.FIELDS);
        SessionSearch search = SessionSearch.of(p);
        Query query = search.query();
        long total = es.count(c -> c.index(AuditIndices.SESSIONS).ignoreUnavailable(true).allowNoIndices(true).query(query))
                .count();
        long rows = Math.min(total, exportCap);
        audit.recordNow(request, 200, rows, true);
        StreamingResponseBody body = out -> {
            Writer w = new OutputStreamWriter(out, StandardCharsets.UTF_8);
            w.write(String.join(",", CSV_COLUMNS) + "\n");
            List<FieldValue> after = List.of();
            long written = 0;
            while (written < rows) {
                List<FieldValue> a = after;
                int size = (int) Math.min(1000, rows - written);
                SearchResponse<Map> r = es.search(s -> page(s.index(AuditIndices.SESSIONS).ignoreUnavailable(true)
                        .allowNoIndices(true).query(query).size(size)
                        .sort(o -> o.field(f -> f.field("@timestamp").order(SortOrder.Desc)))
                        .sort(o -> o.field(f -> f.field("session.id").order(SortOrder.Desc))), a), Map.class);
                List<Hit<Map>> hits = r.hits().hits();
                for (Hit<Map> h : hits) {
                    w.write(Csv.row(CSV_COLUMNS, h.source()));
                }
                w.flush();
                written += hits.size();
                if (hits.size() < size) {
                    break;
                }
                after = hits.get(hits.size() - 1).sort();
            }
            w.flush();
        };
        return ResponseEntity.ok().contentType(MediaType.parseMediaType("text/csv; charset=UTF-8"))
                .header("Content-Disposition", "attachment; filename=\"" + fileName(search) + "\"")
                .header("X-Total-Count", Long.toString(total))
                .header("X-Export-Rows", Long.toString(rows))
                .header("X-Export-Cap", Integer.toString(exportCap))
                .body(body);
    }

    /** {@code sessions_account-alice_from-20270301T000000Z_20261129T031500Z.csv}: the query, then when it ran. */
    static String fileName(SessionSearch search) {
        StringBuilder b = new StringBuilder("sessions");
        search.describe().forEach((k, v) -> {
            String value = k.equals("from") || k.equals("to") ? FILE_TIME.format(Instant.parse(v)) : v;
            b.append('_').append(k).append('-').append(value.replaceAll("[^A-Za-z0-9.@-]", "_"));
        });
        return b.append('_').append(FILE_TIME.format(Instant.now())).append(".csv").toString();
    }

    /** The open sessions, per gateway when one is named: what an operator may terminate. */
    @GetMapping(path = "/api/live-sessions", produces = MediaType.APPLICATION_JSON_VALUE)
    Map<String, Object> live(@RequestParam MultiValueMap<String, String> raw) throws IOException {
        Params p = Params.of(raw, union(Set.of("gateway"), PAGING));
        List<Query> filters = new ArrayList<>();
        SessionSearch.term(filters, "session.status", "open");
        SessionSearch.term(filters, "observer.name", QueryParams.gateway(p.get("gateway")));
        return Pages.page(es, AuditIndices.SESSIONS, Query.of(q -> q.bool(b -> b.filter(filters))), "@timestamp", "session.id",
                true, Pages.Request.of(p, 50), "sessions");
    }

    /** Every lease of {@code ip} that overlaps [from, to), oldest first: who held it before and after. */
    @GetMapping(path = "/api/leases", produces = MediaType.APPLICATION_JSON_VALUE)
    Map<String, Object> leases(@RequestParam MultiValueMap<String, String> raw) throws IOException {
        Params p = Params.of(raw, Set.of("ip", "from", "to"));
        Ipv4Address ip = QueryParams.ip("ip", required(p, "ip", "from and to"));
        Instant from = QueryParams.instant("from", required(p, "from", "ip and to"));
        Instant to = QueryParams.instant("to", required(p, "to", "ip and from"));
        if (!from.isBefore(to)) {
            throw new InvalidValueException("from", "must be before to", from);
        }
        if (Duration.between(from, to).compareTo(Duration.ofDays(31)) > 0) {
            throw new InvalidValueException("to", "may be at most 31 days after from (a picture of one address's leases)");
        }
        SearchResponse<Map> r = es.search(s -> s.index(AuditIndices.SESSIONS).ignoreUnavailable(true).allowNoIndices(true)
                .size(1000)
                .query(q -> q.bool(b -> b
                        .filter(f -> f.term(x -> x.field("source.ip").value(ip.toString())))
                        .filter(f -> f.range(x -> x.untyped(u -> u.field("lease").gte(JsonData.of(from.toString()))
                                .lt(JsonData.of(to.toString())).relation(RangeRelation.Intersects))))))
                .sort(o -> o.field(f -> f.field("@timestamp").order(SortOrder.Asc)))
                .sort(o -> o.field(f -> f.field("session.id").order(SortOrder.Asc))), Map.class);
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("ip", ip.toString());
        out.put("from", from.toString());
        out.put("to", to.toString());
        out.put("sessions", sources(r));
        return out;
    }

    @GetMapping(path = "/api/sessions/{id}", produces = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<Map<String, Object>> session(@PathVariable("id") String id,
                                                @RequestParam MultiValueMap<String, String> raw) throws IOException {
        Params p = Params.of(raw, Set.of("size"));
        String sessionId = QueryParams.sessionId(id);
        SearchResponse<Map> r = es.search(s -> s.index(AuditIndices.SESSIONS).ignoreUnavailable(true).allowNoIndices(true)
                .query(q -> q.ids(i -> i.values(sessionId))), Map.class);
        if (r.hits().hits().isEmpty()) {
            return ResponseEntity.status(404).body(Map.of("error", "no session " + sessionId));
        }
        Map<String, Object> out = new LinkedHashMap<>(sources(r).get(0));
        Map<String, Object> first = timelinePage(sessionId, new Pages.Request(QueryParams.size(p.get("size"), 200), null, null));
        out.put("timeline", first.get("events"));
        out.put("timeline_total", first.get("total"));
        if (first.get("next") != null) {
            out.put("timeline_next", first.get("next"));
        }
        return ResponseEntity.ok(out);
    }

    /** A session's timeline in order of recording, a page at a time: never cut short. */
    @GetMapping(path = "/api/sessions/{id}/timeline", produces = MediaType.APPLICATION_JSON_VALUE)
    Map<String, Object> timeline(@PathVariable("id") String id, @RequestParam MultiValueMap<String, String> raw)
            throws IOException {
        Params p = Params.of(raw, PAGING);
        return timelinePage(QueryParams.sessionId(id), Pages.Request.of(p, 200));
    }

    private Map<String, Object> timelinePage(String sessionId, Pages.Request page) throws IOException {
        // event.position is the store's global order: a session's and its pool's events share instants
        return Pages.page(es, AuditIndices.EVENTS, Query.of(q -> q.term(t -> t.field("session.id").value(sessionId))),
                "@timestamp", "event.position", true, false, page, "events");
    }

    /** Sessions whose lease [start, end) contains {@code at} for {@code ip}: one term and one range filter. */
    public static SearchRequest whoHeldRequest(Ipv4Address ip, Instant at) {
        String t = at.toString();
        return SearchRequest.of(s -> s.index(AuditIndices.SESSIONS).ignoreUnavailable(true).allowNoIndices(true).size(100)
                .query(q -> q.bool(b -> b
                        .filter(f -> f.term(x -> x.field("source.ip").value(ip.toString())))
                        .filter(f -> f.range(x -> x.untyped(u -> u.field("lease").gte(JsonData.of(t)).lte(JsonData.of(t))
                                .relation(RangeRelation.Intersects))))))
                .sort(o -> o.field(f -> f.field("@timestamp").order(SortOrder.Desc))));
    }

    private Map<String, Object> whoHeld(Ipv4Address ip, Instant at) throws IOException {
        SearchResponse<Map> r = es.search(whoHeldRequest(ip, at), Map.class);
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("ip", ip.toString());
        out.put("at", at.toString());
        out.put("sessions", sources(r));
        return out;
    }

    /** The filter of a search by account alone (the year benchmark's). */
    public static Query accountSearch(String account) {
        return new SessionSearch(QueryParams.account("account", account), null, null, null, null, null, null).query();
    }

    /** search_after only from the second page on: Elasticsearch refuses an empty one. */
    public static SearchRequest.Builder page(SearchRequest.Builder s, List<FieldValue> after) {
        return after.isEmpty() ? s : s.searchAfter(after);
    }

    @SuppressWarnings("unchecked")
    static List<Map<String, Object>> sources(SearchResponse<Map> r) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (Hit<Map> h : r.hits().hits()) {
            out.add(h.source());
        }
        return out;
    }

    static String required(Params p, String name, String with) {
        String v = p.get(name);
        if (v == null) {
            throw new InvalidValueException(name, "is required together with " + with);
        }
        return v;
    }

    @SafeVarargs
    static Set<String> union(Set<String>... sets) {
        java.util.HashSet<String> all = new java.util.HashSet<>();
        for (Set<String> s : sets) {
            all.addAll(s);
        }
        return Set.copyOf(all);
    }
}
