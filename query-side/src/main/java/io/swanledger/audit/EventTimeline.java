package io.swanledger.audit;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.TrackingToken;

/**
 * Every domain event as a timeline entry — failed logins, admin actions, pool and access-list
 * changes included — with its payload kept as recorded and the fields an auditor filters on
 * lifted out. The document id is the event's id: writing it twice changes nothing.
 */
@ProcessingGroup(ElasticsearchProjection.GROUP)
public class EventTimeline {

    private final BulkWriter bulk;
    private final ObjectMapper json;

    public EventTimeline(BulkWriter bulk, ObjectMapper json) {
        this.bulk = bulk;
        this.json = json;
    }

    @EventHandler
    @SuppressWarnings("unchecked")
    void on(Object payload, EventMessage<?> message, TrackingToken token) {
        Map<String, Object> p = json.convertValue(payload, Map.class);
        Instant at = p.get("at") instanceof String s ? Instant.parse(s) : message.getTimestamp();
        String action = payload.getClass().getSimpleName();
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("@timestamp", at.toString());
        Map<String, Object> event = SessionDocuments.map("id", message.getIdentifier(), "action", action,
                "category", category(payload));
        // the store's global order: orders a session's and its pool's events that share an instant
        if (token != null && token.position().isPresent()) {
            event.put("position", token.position().getAsLong());
        }
        if (message instanceof DomainEventMessage<?> d) {
            event.put("sequence", d.getSequenceNumber());
        }
        doc.put("event", event);
        put(doc, "session", "id", p.get("sessionId"));
        put(doc, "user", "name", p.get("account"));
        put(doc, "source", "ip", p.get("address") != null ? p.get("address") : p.get("clientAddress"));
        Object peer = p.get("peer");
        if (peer instanceof Map<?, ?> peerMap) {
            put(doc, "client", "ip", peerMap.get("address"));
        }
        put(doc, "observer", "name", p.get("gateway"));
        if (p.get("requestedBy") != null) {
            doc.put("requested_by", String.valueOf(p.get("requestedBy")));
        }
        if (p.get("reason") != null) {
            doc.put("reason", String.valueOf(p.get("reason")));
        }
        doc.put("payload", p);
        bulk.index(AuditIndices.eventsIndex(at), message.getIdentifier(), doc);
    }

    private static void put(Map<String, Object> doc, String outer, String inner, Object value) {
        if (value != null) {
            doc.put(outer, SessionDocuments.map(inner, String.valueOf(value)));
        }
    }

    private static String category(Object payload) {
        String pkg = payload.getClass().getPackageName();
        if (payload.getClass().getSimpleName().startsWith("Authentication")) {
            return "authentication";
        }
        return pkg.substring(pkg.lastIndexOf('.') + 1);
    }
}
