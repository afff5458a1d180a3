package io.swanledger.session;

import io.swanledger.api.identity.GatewayId;
import io.swanledger.api.session.CloseReason;
import io.swanledger.api.session.CloseSession;
import java.time.Duration;
import java.time.Instant;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The deadline by which an authorized session must come up, kept in the event store's database so
 * that it survives restarts (an in-memory deadline died with the process, and a session that never
 * came up then held its address forever when no VICI link reconciled it). {@link #sweep} closes what
 * is due {@code never-established}, dated at its deadline. A gateway sweeps its own sessions at their
 * deadline and, after a grace period, those of a gateway that is gone; a close sent twice records
 * nothing the second time. Where the pending sessions are read from: {@link PendingEstablishments}.
 */
public class EstablishDeadlines {

    static final String SYSTEM = "swanledger";
    private static final Logger log = LoggerFactory.getLogger(EstablishDeadlines.class);
    private static final int BATCH = 500;

    private final PendingEstablishments pending;
    private final GatewayId gateway;
    private final Duration othersGrace;

    /** {@code gateway} is this process's gateway id, or null where none runs (then every gateway's are swept). */
    public EstablishDeadlines(PendingEstablishments pending, GatewayId gateway, Duration othersGrace) {
        this.pending = pending;
        this.gateway = gateway;
        this.othersGrace = othersGrace;
    }

    /** Closes the sessions whose deadline has passed; returns how many it closed. Failures wait for the next sweep. */
    public int sweep(CommandGateway commands, Instant now) {
        int closed = 0;
        for (PendingEstablishments.Due d : pending.due(gateway, now, now.minus(othersGrace), BATCH)) {
            try {
                commands.sendAndWait(new CloseSession(d.session(), CloseReason.NEVER_ESTABLISHED,
                        "no tunnel came up before the deadline", SYSTEM, null, d.gateway(), d.at()));
                pending.swept(d);
                closed++;
            } catch (RuntimeException e) {
                log.warn("session {}: could not close it after its establish deadline (retried at the next sweep): {}",
                        d.session(), e.getMessage());
            }
        }
        return closed;
    }

    /** How many sessions are waiting for their tunnel. */
    public long pending() {
        return pending.count();
    }
}
