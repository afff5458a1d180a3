package io.swanledger.audit;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Instant;
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
    void on(Object payload, EventMessage<?> message, TrackingToken token) {
        JsonNode p = json.valueToTree(payload);
        JsonNode at = p.get("at");
        Instant when = at != null && at.isTextual() ? Instant.parse(at.asText()) : message.getTimestamp();
        Long position = token != null && token.position().isPresent() ? token.position().getAsLong() : null;
        Long sequence = message instanceof DomainEventMessage<?> d ? d.getSequenceNumber() : null;
        String address = text(p, "address");
        JsonNode peer = p.get("peer");
        Entry entry = new Entry(when.toString(),
                new Event(message.getIdentifier(), payload.getClass().getSimpleName(), category(payload), position, sequence),
                Id.of(text(p, "sessionId")), Name.of(text(p, "account")),
                Ip.of(address != null ? address : text(p, "clientAddress")),
                Ip.of(peer != null && peer.isObject() ? text(peer, "address") : null),
                Name.of(text(p, "gateway")), text(p, "requestedBy"), text(p, "reason"), p);
        bulk.index(AuditIndices.eventsIndex(when), message.getIdentifier(), entry);
    }

    /** A field as the text an auditor filters on; absent and JSON null alike are null. */
    private static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            return null;
        }
        return value.isValueNode() ? value.asText() : value.toString();
    }

    /*
     * The document as records rather than maps: Jackson writes a record with serializers it found
     * once, a map looking one up for every value (a third of the replay's time in the projection).
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record Entry(@JsonProperty("@timestamp") String timestamp, Event event, Id session, Name user, Ip source, Ip client,
            Name observer, @JsonProperty("requested_by") String requestedBy, String reason, JsonNode payload) {
    }

    /** {@code position}: the store's global order, which orders a session's and its pool's events that share an instant. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record Event(String id, String action, String category, Long position, Long sequence) {
    }

    record Id(String id) {
        static Id of(String id) {
            return id == null ? null : new Id(id);
        }
    }

    record Name(String name) {
        static Name of(String name) {
            return name == null ? null : new Name(name);
        }
    }

    record Ip(String ip) {
        static Ip of(String ip) {
            return ip == null ? null : new Ip(ip);
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
