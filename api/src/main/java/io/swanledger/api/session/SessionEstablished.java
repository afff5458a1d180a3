package io.swanledger.api.session;

import io.swanledger.api.identity.GatewayId;
import io.swanledger.api.identity.SessionId;
import java.time.Instant;
import org.axonframework.serialization.Revision;

@Revision("1")
public record SessionEstablished(SessionId sessionId, String source, long ikeUniqueId, GatewayId gateway, Instant at) {
}
