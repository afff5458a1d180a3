package io.swanledger.session;

import io.swanledger.api.identity.GatewayId;
import io.swanledger.api.identity.SessionId;
import java.time.Instant;
import java.util.List;

/**
 * Where the sessions still waiting for their tunnel are kept, each with the deadline by which it must
 * come up: in a table of their own ({@link DeadlineTable}), or, where a gateway runs, in the live-session
 * directory it writes anyway (authorized, not yet established), which costs no row of its own per login.
 */
public interface PendingEstablishments {

    /** A session that has not come up, the gateway that authorized it, and its deadline. */
    record Due(SessionId session, GatewayId gateway, Instant at) {
    }

    /**
     * At most {@code limit} sessions whose deadline has passed, earliest first: those of {@code gateway}
     * with a deadline at or before {@code mine}, every other gateway's at or before {@code others} (every
     * gateway's at or before {@code mine} when {@code gateway} is null).
     */
    List<Due> due(GatewayId gateway, Instant mine, Instant others, int limit);

    /** The sweep sent the close of {@code d}; a store whose rows the close's own event does not remove forgets it here. */
    default void swept(Due d) {
    }

    /** How many sessions are waiting for their tunnel. */
    long count();
}
