package io.swanledger.api.session;

import io.swanledger.api.identity.GatewayId;
import io.swanledger.api.identity.SessionId;
import java.time.Instant;

public record SessionEstablished(SessionId sessionId, String source, long ikeUniqueId, GatewayId gateway, Instant at) {
}
