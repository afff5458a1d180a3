package io.swanledger.api.session;

import io.swanledger.api.identity.AccountName;
import io.swanledger.api.identity.AuthMethod;
import io.swanledger.api.identity.GatewayId;
import io.swanledger.api.identity.Identity;
import io.swanledger.api.identity.Nas;
import io.swanledger.api.identity.PoolId;
import io.swanledger.api.identity.SessionId;
import io.swanledger.api.net.PeerEndpoint;
import java.time.Instant;
import org.axonframework.serialization.Revision;

@Revision("1")
public record SessionAuthorized(SessionId sessionId, PoolId poolId, Identity requested, AccountName account,
                                AuthMethod authMethod, String certificateSubject, String certificateIssuer,
                                PeerEndpoint peer, Nas nas, String acctSessionId, GatewayId gateway, Instant at) {
}
