package io.swanledger.api.session;

import io.swanledger.api.identity.GatewayId;
import io.swanledger.api.identity.SessionId;
import java.time.Instant;
import org.axonframework.serialization.Revision;

/** The session's counters as of {@code at}; never lower than the previous record. */
@Revision("1")
public record SessionUsageRecorded(SessionId sessionId, Usage usage, GatewayId gateway, Instant at) {
}
