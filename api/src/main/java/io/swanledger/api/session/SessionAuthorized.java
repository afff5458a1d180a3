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

/**
 * A session was opened for {@code account}. {@code peer} is null when the NAS's Calling-Station-Id was
 * not an address ({@code callingStationId} then keeps it); revision 2 added {@code callingStationId}.
 */
@Revision("2")
public record SessionAuthorized(SessionId sessionId, PoolId poolId, Identity requested, AccountName account,
                                AuthMethod authMethod, String certificateSubject, String certificateIssuer,
                                PeerEndpoint peer, Nas nas, String acctSessionId, GatewayId gateway, Instant at,
                                String callingStationId) {

    public SessionAuthorized(SessionId sessionId, PoolId poolId, Identity requested, AccountName account,
                             AuthMethod authMethod, String certificateSubject, String certificateIssuer,
                             PeerEndpoint peer, Nas nas, String acctSessionId, GatewayId gateway, Instant at) {
        this(sessionId, poolId, requested, account, authMethod, certificateSubject, certificateIssuer, peer, nas,
                acctSessionId, gateway, at, null);
    }
}
