package io.swanledger.query;

import co.elastic.clients.elasticsearch._types.query_dsl.Query;
import co.elastic.clients.json.JsonData;
import io.swanledger.api.InvalidValueException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A session search as the caller asked for it, parsed once at the edge: each field valid or null.
 * {@link #query()} is the Elasticsearch filter; {@link #describe()} the words a file name or an
 * audit record uses.
 */
record SessionSearch(String account, String vlan, String peer, String gateway, String status, Instant from, Instant to) {

    static final Set<String> FIELDS = Set.of("account", "vlan", "peer", "gateway", "status", "from", "to");

    SessionSearch {
        if (from != null && to != null && !from.isBefore(to)) {
            throw new InvalidValueException("from", "must be before to", from);
        }
    }

    static SessionSearch of(Params p) {
        return new SessionSearch(QueryParams.account("account", p.get("account")), QueryParams.vlan(p.get("vlan")),
                QueryParams.peer(p.get("peer")), QueryParams.gateway(p.get("gateway")), QueryParams.status(p.get("status")),
                QueryParams.instant("from", p.get("from")), QueryParams.instant("to", p.get("to")));
    }

    Query query() {
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

    /** The non-empty fields in a fixed order, for file names and audit records. */
    Map<String, String> describe() {
        Map<String, String> m = new LinkedHashMap<>();
        put(m, "account", account);
        put(m, "vlan", vlan);
        put(m, "peer", peer);
        put(m, "gateway", gateway);
        put(m, "status", status);
        put(m, "from", from == null ? null : from.toString());
        put(m, "to", to == null ? null : to.toString());
        return m;
    }

    private static void put(Map<String, String> m, String k, String v) {
        if (v != null) {
            m.put(k, v);
        }
    }

    static void term(List<Query> filters, String field, String value) {
        if (value != null) {
            filters.add(Query.of(q -> q.term(t -> t.field(field).value(value))));
        }
    }

    /** [from, to) on {@code field}; either end may be open. */
    static void timeRange(List<Query> filters, String field, Instant from, Instant to) {
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
}
