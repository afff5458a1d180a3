package io.swanledger.query;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import io.swanledger.api.identity.AccountName;
import io.swanledger.api.identity.AuthMethod;
import io.swanledger.api.identity.GatewayId;
import io.swanledger.api.identity.Identity;
import io.swanledger.api.identity.Nas;
import io.swanledger.api.identity.PoolId;
import io.swanledger.api.identity.SessionId;
import io.swanledger.api.net.Ipv4Address;
import io.swanledger.api.net.PeerEndpoint;
import io.swanledger.api.pool.AddressReleased;
import io.swanledger.api.session.AuthorizationResult;
import io.swanledger.api.session.AuthorizeSession;
import io.swanledger.api.session.CloseReason;
import io.swanledger.api.session.CloseSession;
import io.swanledger.api.session.EstablishSession;
import io.swanledger.api.session.Usage;
import java.time.Duration;
import java.time.Instant;
import java.util.function.BooleanSupplier;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.springframework.context.ApplicationContext;

/**
 * Sessions recorded through the real command side of a query-side context at chosen instants, and
 * waiting until Elasticsearch shows them: what the query side's and the audit UI's tests start from.
 */
public final class TrailFixture {

    public static final PoolId POOL = PoolId.of("clients");
    public static final GatewayId GW = GatewayId.of("vpn1");
    public static final Nas NAS = new Nas(Ipv4Address.parse("192.0.2.1"), "vpn1");

    private final CommandGateway commands;
    private final ElasticsearchClient es;
    private final EventStore store;

    public TrailFixture(ApplicationContext app) {
        this.commands = app.getBean(CommandGateway.class);
        this.es = app.getBean(ElasticsearchClient.class);
        this.store = app.getBean(EventStore.class);
    }

    /** A session from {@code start}, established a second later, closed by its user at {@code end} (or open when null). */
    public String session(String account, String requested, String address, Instant start, Instant end) {
        return session(account, requested, address, start, end, null);
    }

    /** As above; {@code closedBy} names an operator who terminated it. */
    public String session(String account, String requested, String address, Instant start, Instant end, String closedBy) {
        SessionId id = SessionId.random();
        AuthorizationResult r = commands.sendAndWait(new AuthorizeSession(id, POOL, Identity.parse(requested),
                AccountName.of(account), AuthMethod.EAP_MSCHAPV2, null, null, new PeerEndpoint("198.51.100.7", 4500), NAS,
                null, address == null ? null : Ipv4Address.parse(address), GW, start));
        assertTrue(r.accepted());
        if (address != null) {
            assertEquals(address, r.address().toString(), "the pool gave the address asked for");
        }
        commands.sendAndWait(new EstablishSession(id, "test", 1, GW, start.plusSeconds(1)));
        if (end != null) {
            commands.sendAndWait(new CloseSession(id, closedBy == null ? CloseReason.DISCONNECTED : CloseReason.ADMIN,
                    closedBy == null ? "User-Request" : "terminated by an operator", closedBy, new Usage(1000, 2000, 10, 20), GW, end));
        }
        return id.value();
    }

    /** Until the saga has given the session's address back to the pool. */
    public void awaitReleased(String sessionId) {
        await(() -> store.readEvents(POOL.value()).asStream().anyMatch(m ->
                m.getPayload() instanceof AddressReleased r && r.sessionId().value().equals(sessionId)), Duration.ofSeconds(30));
    }

    /** Documents in {@code index} (refreshed first): all, with {@code field}, or with {@code field = value}; -1 when unreachable. */
    public long count(String index, String field, String value) {
        try {
            es.indices().refresh(r -> r.index(index).ignoreUnavailable(true));
            return es.count(c -> c.index(index).ignoreUnavailable(true).query(q -> field == null ? q.matchAll(m -> m)
                    : value == null ? q.exists(e -> e.field(field)) : q.term(t -> t.field(field).value(value)))).count();
        } catch (Exception e) {
            return -1;
        }
    }

    public static void await(BooleanSupplier condition, Duration limit) {
        long deadline = System.nanoTime() + limit.toNanos();
        while (System.nanoTime() < deadline) {
            if (condition.getAsBoolean()) {
                return;
            }
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
        assertTrue(condition.getAsBoolean(), "condition not met within " + limit);
    }
}
