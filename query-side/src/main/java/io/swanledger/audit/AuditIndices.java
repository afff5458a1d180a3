package io.swanledger.audit;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import java.io.IOException;
import java.io.StringReader;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneOffset;

/**
 * Index names and templates. Sessions live in monthly indices by session start
 * ({@code swanledger-sessions-2026.03}), timeline events in monthly indices by event time, both
 * behind aliases; the API's own audit trail in {@code swanledger-audit}, which retention never touches.
 */
public final class AuditIndices {

    public static final String SESSIONS = "swanledger-sessions";
    public static final String EVENTS = "swanledger-events";
    public static final String AUDIT = "swanledger-audit";

    private AuditIndices() {
    }

    static String month(Instant at) {
        YearMonth m = YearMonth.from(at.atOffset(ZoneOffset.UTC));
        int month = m.getMonthValue();
        // not String.format: it parsed its pattern for every event of a replay (7 % of the projection's time)
        return m.getYear() + (month < 10 ? ".0" : ".") + month;
    }

    public static String sessionsIndex(Instant start) {
        return SESSIONS + "-" + month(start);
    }

    public static String eventsIndex(Instant at) {
        return EVENTS + "-" + month(at);
    }

    /** Creates or updates the index templates (idempotent; every index they match gets its alias). */
    public static void install(ElasticsearchClient es) throws IOException {
        es.indices().putIndexTemplate(t -> t.name(SESSIONS).withJson(new StringReader(SESSIONS_TEMPLATE)));
        es.indices().putIndexTemplate(t -> t.name(EVENTS).withJson(new StringReader(EVENTS_TEMPLATE)));
        es.indices().putIndexTemplate(t -> t.name(AUDIT).withJson(new StringReader(AUDIT_TEMPLATE)));
        // fields added since an index was created (roaming): added to the monthly indices that exist
        es.indices().putMapping(m -> m.index(SESSIONS + "-*").allowNoIndices(true).withJson(new StringReader(SESSIONS_ADDED)));
        es.indices().putMapping(m -> m.index(EVENTS + "-*").allowNoIndices(true).withJson(new StringReader(EVENTS_ADDED)));
        es.indices().putMapping(m -> m.index(AUDIT).ignoreUnavailable(true).allowNoIndices(true)
                .withJson(new StringReader(AUDIT_ADDED)));
    }

    static final String SESSIONS_ADDED = """
            {"properties": {"client": {"properties": {"ips": {"type": "ip"}, "endpoints": {"type": "keyword"},
              "calling_station_id": {"type": "keyword"}, "roamed": {"type": "date"}}},
              "network": {"properties": {"vlan": {"properties": {"route": {"type": "date_range"}}}}}}}""";

    static final String EVENTS_ADDED = """
            {"properties": {"requested_by": {"type": "keyword"}}}""";

    static final String AUDIT_ADDED = """
            {"properties": {"event": {"properties": {"id": {"type": "keyword"}}}, "results": {"type": "long"},
              "export": {"type": "boolean"}, "http": {"properties": {"request": {"properties": {"method": {"type": "keyword"}}},
              "response": {"properties": {"status_code": {"type": "integer"}}}}}}}""";

    /*
     * Refreshed every second even when nobody searches, so that the first search after a quiet
     * spell does not wait for one; Elasticsearch's default, which skips idle indices, made a year's
     * replay no faster (docs/benchmarks.md).
     */
    private static final String SETTINGS = """
            "settings": {"number_of_shards": 1, "number_of_replicas": 0, "refresh_interval": "1s"}""";

    static final String SESSIONS_TEMPLATE = """
            {"index_patterns": ["swanledger-sessions-*"], "priority": 100,
             "template": {%s,
              "aliases": {"swanledger-sessions": {}},
              "mappings": {"dynamic": false, "properties": {
                "@timestamp": {"type": "date"},
                "lease": {"type": "date_range"},
                "session": {"properties": {
                  "id": {"type": "keyword"}, "status": {"type": "keyword"},
                  "acct_session_id": {"type": "keyword"}, "established": {"type": "date"},
                  "closed": {"type": "date"}, "close_reason": {"type": "keyword"},
                  "close_detail": {"type": "keyword"}, "closed_by": {"type": "keyword"},
                  "refusal": {"type": "keyword"}, "duration_seconds": {"type": "long"}}},
                "user": {"properties": {"name": {"type": "keyword"}, "requested": {"type": "keyword"}}},
                "source": {"properties": {"ip": {"type": "ip"}, "bytes": {"type": "long"},
                  "packets": {"type": "long"}, "nat": {"properties": {"ip": {"type": "ip"}}}}},
                "destination": {"properties": {"bytes": {"type": "long"}, "packets": {"type": "long"}}},
                "client": {"properties": {"ip": {"type": "ip"}, "port": {"type": "integer"}, "ips": {"type": "ip"},
                  "endpoints": {"type": "keyword"}, "calling_station_id": {"type": "keyword"}, "roamed": {"type": "date"}}},
                "network": {"properties": {"bytes": {"type": "long"}, "packets": {"type": "long"},
                  "vlan": {"properties": {"id": {"type": "keyword"}, "requested": {"type": "keyword"},
                    "decision": {"type": "keyword"}, "denial": {"type": "keyword"},
                    "revoked": {"type": "date"}, "revoke_reason": {"type": "keyword"},
                    "route": {"type": "date_range"}}}}},
                "auth": {"properties": {"method": {"type": "keyword"}}},
                "tls": {"properties": {"client": {"properties": {
                  "subject": {"type": "keyword"}, "issuer": {"type": "keyword"}}}}},
                "observer": {"properties": {"name": {"type": "keyword"}}},
                "nas": {"properties": {"ip": {"type": "ip"}, "identifier": {"type": "keyword"}}},
                "pool": {"properties": {"id": {"type": "keyword"}}},
                "event": {"properties": {"category": {"type": "keyword"}}},
                "related": {"properties": {"ip": {"type": "ip"}, "user": {"type": "keyword"}}}
              }}}}""".formatted(SETTINGS);

    static final String EVENTS_TEMPLATE = """
            {"index_patterns": ["swanledger-events-*"], "priority": 100,
             "template": {%s,
              "aliases": {"swanledger-events": {}},
              "mappings": {"dynamic": false, "properties": {
                "@timestamp": {"type": "date"},
                "event": {"properties": {"id": {"type": "keyword"}, "action": {"type": "keyword"},
                  "category": {"type": "keyword"}, "sequence": {"type": "long"},
                  "position": {"type": "long"}}},
                "session": {"properties": {"id": {"type": "keyword"}}},
                "user": {"properties": {"name": {"type": "keyword"}}},
                "source": {"properties": {"ip": {"type": "ip"}}},
                "client": {"properties": {"ip": {"type": "ip"}}},
                "observer": {"properties": {"name": {"type": "keyword"}}},
                "reason": {"type": "keyword"},
                "requested_by": {"type": "keyword"},
                "payload": {"type": "object", "enabled": false}
              }}}}""".formatted(SETTINGS);

    static final String AUDIT_TEMPLATE = """
            {"index_patterns": ["swanledger-audit"], "priority": 100,
             "template": {%s,
              "mappings": {"dynamic": false, "properties": {
                "@timestamp": {"type": "date"},
                "user": {"properties": {"name": {"type": "keyword"}, "roles": {"type": "keyword"}}},
                "event": {"properties": {"id": {"type": "keyword"}, "action": {"type": "keyword"},
                  "outcome": {"type": "keyword"}}},
                "results": {"type": "long"},
                "export": {"type": "boolean"},
                "http": {"properties": {"request": {"properties": {"method": {"type": "keyword"}}},
                  "response": {"properties": {"status_code": {"type": "integer"}}}}},
                "url": {"properties": {"path": {"type": "keyword"}, "query": {"type": "keyword"}}},
                "source": {"properties": {"ip": {"type": "ip"}}},
                "deleted": {"type": "keyword"}
              }}}}""".formatted(SETTINGS);
}
