package io.swanledger.audit;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch.core.SearchResponse;
import co.elastic.clients.elasticsearch.core.search.Hit;
import io.swanledger.api.identity.SessionId;
import io.swanledger.api.session.AddressAssigned;
import io.swanledger.api.session.SessionAuthorized;
import io.swanledger.api.session.SessionClosed;
import io.swanledger.api.session.SessionEstablished;
import io.swanledger.api.net.PeerEndpoint;
import io.swanledger.api.session.ClientEndpointChanged;
import io.swanledger.api.session.SessionRefused;
import io.swanledger.api.session.SessionUsageRecorded;
import io.swanledger.api.session.Usage;
import io.swanledger.api.session.VlanRouteDenied;
import io.swanledger.api.session.VlanRouteGranted;
import io.swanledger.api.session.VlanRouteRevoked;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;

/**
 * One Elasticsearch document per session, in the monthly index of its start, with field names from
 * the Elastic Common Schema: {@code user.name} the authenticated account, {@code source.ip} the
 * pool address, {@code client.ip/port} the public endpoint, {@code source.nat.ip} the lab SNAT
 * address, {@code network.vlan.id} the routed lab VLAN, and {@code lease} a date range
 * [address assigned, session closed) — open while the session lives — so that "who held X at T"
 * is one term and one range query.
 */
@ProcessingGroup(ElasticsearchProjection.GROUP)
public class SessionDocuments {

    /** A session's document as last written, and the index it lives in (by its start). */
    record Doc(String index, Map<String, Object> source) {

        Instant start() {
            Object ts = source.get("@timestamp");
            return ts == null ? null : Instant.parse(ts.toString());
        }
    }

    private final BulkWriter bulk;
    private final ElasticsearchClient es;
    /** Open sessions' documents (closed ones leave); a miss is read back from Elasticsearch. */
    private final Map<String, Doc> recent = Collections.synchronizedMap(new LinkedHashMap<>(1 << 16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Doc> eldest) {
            return size() > 200_000;
        }
    });

    public SessionDocuments(BulkWriter bulk, ElasticsearchClient es) {
        this.bulk = bulk;
        this.es = es;
    }

    @EventHandler
    void on(SessionAuthorized e) {
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("@timestamp", e.at().toString());
        doc.put("session", map("id", e.sessionId().value(), "status", "open", "acct_session_id", e.acctSessionId()));
        doc.put("user", map("name", e.account().value(), "requested", e.requested().toString()));
        doc.put("client", client(e.peer(), e.callingStationId()));
        doc.put("auth", map("method", e.authMethod().wire()));
        if (e.certificateSubject() != null || e.certificateIssuer() != null) {
            doc.put("tls", map("client", map("subject", e.certificateSubject(), "issuer", e.certificateIssuer())));
        }
        doc.put("observer", map("name", e.gateway().value()));
        doc.put("nas", map("ip", e.nas().address().toString(), "identifier", e.nas().identifier()));
        doc.put("pool", map("id", e.poolId().value()));
        doc.put("network", map("vlan", map("requested", e.requested().vlan() == null ? null : e.requested().vlan().toString())));
        doc.put("event", map("category", "session"));
        doc.put("related", map("user", List.of(e.account().value()), "ip", e.peer() == null ? List.of() : List.of(e.peer().address())));
        start(e.sessionId(), e.at(), doc);
    }

    /** The client's endpoint: the first one in ip/port, every one it used in ips (roaming adds to it). */
    private static Map<String, Object> client(PeerEndpoint peer, String callingStationId) {
        if (peer == null) {
            return map("calling_station_id", callingStationId, "ips", List.of());
        }
        return map("ip", peer.address(), "port", peer.port(), "ips", List.of(peer.address()),
                "endpoints", List.of(peer.address() + "[" + peer.port() + "]"));
    }

    @EventHandler
    void on(ClientEndpointChanged e) {
        Doc d = doc(e.sessionId(), e.at());
        List<String> ips = new ArrayList<>(strings(nested(d.source(), "client", "ips")));
        List<String> endpoints = new ArrayList<>(strings(nested(d.source(), "client", "endpoints")));
        List<String> related = new ArrayList<>(strings(nested(d.source(), "related", "ip")));
        String ip = e.current().address();
        if (!ips.contains(ip)) {
            ips.add(ip);
        }
        endpoints.add(ip + "[" + e.current().port() + "]");
        if (!related.contains(ip)) {
            related.add(ip);
        }
        update(e.sessionId(), d, map("client", map("ips", ips, "endpoints", endpoints, "roamed", e.at().toString()),
                "related", map("ip", related)));
    }

    private static List<String> strings(Object value) {
        List<String> out = new ArrayList<>();
        if (value instanceof List<?> l) {
            l.forEach(v -> out.add(String.valueOf(v)));
        } else if (value != null) {
            out.add(value.toString());
        }
        return out;
    }

    @EventHandler
    void on(SessionRefused e) {
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("@timestamp", e.at().toString());
        doc.put("session", map("id", e.sessionId().value(), "status", "refused", "refusal", e.reason().name().toLowerCase()));
        doc.put("user", map("name", e.account().value(), "requested", e.requested().toString()));
        doc.put("client", client(e.peer(), null));
        doc.put("auth", map("method", e.authMethod().wire()));
        doc.put("observer", map("name", e.gateway().value()));
        doc.put("nas", map("ip", e.nas().address().toString(), "identifier", e.nas().identifier()));
        doc.put("event", map("category", "session"));
        doc.put("related", map("user", List.of(e.account().value()), "ip", e.peer() == null ? List.of() : List.of(e.peer().address())));
        start(e.sessionId(), e.at(), doc);
        recent.remove(e.sessionId().value());
    }

    @EventHandler
    void on(AddressAssigned e) {
        Doc d = doc(e.sessionId(), e.at());
        List<String> related = new ArrayList<>();
        Object client = nested(d.source(), "client", "ip");
        if (client != null) {
            related.add(client.toString());
        }
        related.add(e.address().toString());
        update(e.sessionId(), d, map("source", map("ip", e.address().toString()), "lease", map("gte", e.at().toString()),
                "related", map("ip", related)));
    }

    @EventHandler
    void on(VlanRouteGranted e) {
        update(e.sessionId(), doc(e.sessionId(), e.at()), map(
                "network", map("vlan", map("id", e.vlan().number().toString(), "decision", "granted",
                        "route", map("gte", e.at().toString()))),
                "source", map("nat", map("ip", e.vlan().snatAddress().toString()))));
    }

    @EventHandler
    void on(VlanRouteDenied e) {
        update(e.sessionId(), doc(e.sessionId(), e.at()), map("network", map("vlan", map("decision", "denied",
                "denial", e.reason().name().toLowerCase()))));
    }

    @EventHandler
    void on(VlanRouteRevoked e) {
        update(e.sessionId(), doc(e.sessionId(), e.at()), map("network", map("vlan", map("revoked", e.at().toString(),
                "revoke_reason", e.reason().name().toLowerCase(), "route", map("lt", e.at().toString())))));
    }

    @EventHandler
    void on(SessionEstablished e) {
        update(e.sessionId(), doc(e.sessionId(), e.at()), map("session", map("established", e.at().toString())));
    }

    @EventHandler
    void on(SessionUsageRecorded e) {
        update(e.sessionId(), doc(e.sessionId(), e.at()), usage(e.usage()));
    }

    @EventHandler
    void on(SessionClosed e) {
        Doc d = doc(e.sessionId(), e.at());
        Map<String, Object> partial = new LinkedHashMap<>();
        Map<String, Object> session = map("status", "closed", "closed", e.at().toString(), "close_reason", e.reason().wire(),
                "close_detail", e.detail(), "closed_by", e.requestedBy());
        if (d.start() != null) {
            session.put("duration_seconds", Math.max(0, Duration.between(d.start(), e.at()).toSeconds()));
        }
        partial.put("session", session);
        if (e.address() != null) {
            partial.put("lease", map("lt", e.at().toString()));
        }
        if (e.usage() != null) {
            partial.putAll(usage(e.usage()));
        }
        if (nested(nested(d.source(), "network", "vlan"), "route", "gte") != null
                && nested(nested(d.source(), "network", "vlan"), "route", "lt") == null) {
            // the route ends with the session
            BulkWriter.deepMerge(partial, map("network", map("vlan", map("route", map("lt", e.at().toString())))));
        }
        update(e.sessionId(), d, partial);
        recent.remove(e.sessionId().value());
    }

    private void start(SessionId id, Instant at, Map<String, Object> doc) {
        Doc existing = recent.get(id.value());
        Doc d = existing != null ? existing : new Doc(AuditIndices.sessionsIndex(at), doc);
        if (existing != null) {
            BulkWriter.deepMerge(existing.source(), doc); // the batch is being retried
        }
        recent.put(id.value(), d);
        bulk.put(d.index(), id.value(), d.source());
    }

    private void update(SessionId id, Doc d, Map<String, Object> partial) {
        BulkWriter.deepMerge(d.source(), partial);
        bulk.put(d.index(), id.value(), d.source());
    }

    private static Map<String, Object> usage(Usage u) {
        return map("source", map("bytes", u.bytesIn(), "packets", u.packetsIn()),
                "destination", map("bytes", u.bytesOut(), "packets", u.packetsOut()),
                "network", map("bytes", u.bytesIn() + u.bytesOut(), "packets", u.packetsIn() + u.packetsOut()));
    }

    /**
     * The session's document: from memory, else as Elasticsearch has it (a restart, or a session
     * older than the cache), else a new one in the month of the event (its start was never seen).
     */
    @SuppressWarnings("unchecked")
    private Doc doc(SessionId id, Instant at) {
        Doc d = recent.get(id.value());
        if (d != null) {
            return d;
        }
        try {
            SearchResponse<Map> r = es.search(s -> s.index(AuditIndices.SESSIONS)
                    .query(q -> q.ids(i -> i.values(id.value()))), Map.class);
            for (Hit<Map> hit : r.hits().hits()) {
                d = new Doc(hit.index(), new LinkedHashMap<>((Map<String, Object>) hit.source()));
                recent.put(id.value(), d);
                return d;
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Elasticsearch is unreachable; the batch will be retried", e);
        } catch (co.elastic.clients.elasticsearch._types.ElasticsearchException e) {
            if (!"index_not_found_exception".equals(e.error().type())) {
                throw e;
            }
        }
        d = new Doc(AuditIndices.sessionsIndex(at), map("session", map("id", id.value())));
        recent.put(id.value(), d);
        return d;
    }

    private static Object nested(Object source, String outer) {
        return source instanceof Map<?, ?> m ? m.get(outer) : null;
    }

    private static Object nested(Object source, String outer, String inner) {
        Object o = source instanceof Map<?, ?> m ? m.get(outer) : null;
        return o instanceof Map<?, ?> m ? m.get(inner) : null;
    }

    /** A mutable map of the pairs given, leaving out null values (a partial update never erases). */
    static Map<String, Object> map(Object... pairs) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            if (pairs[i + 1] != null) {
                m.put((String) pairs[i], pairs[i + 1]);
            }
        }
        return m;
    }
}
