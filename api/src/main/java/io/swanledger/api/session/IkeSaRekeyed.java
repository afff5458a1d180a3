package io.swanledger.api.session;

import io.swanledger.api.identity.AccountName;
import io.swanledger.api.identity.GatewayId;
import io.swanledger.api.identity.SessionId;
import java.time.Instant;
import org.axonframework.serialization.Revision;

/** The session's IKE_SA was rekeyed: the tunnel goes on under IKE_SA unique id {@code ikeUniqueId}. */
@Revision("1")
public record IkeSaRekeyed(SessionId sessionId, AccountName account, long previousIkeUniqueId, long ikeUniqueId,
                           GatewayId gateway, Instant at) {
}
