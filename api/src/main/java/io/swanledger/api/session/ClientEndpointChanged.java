package io.swanledger.api.session;

import io.swanledger.api.identity.AccountName;
import io.swanledger.api.identity.GatewayId;
import io.swanledger.api.identity.SessionId;
import io.swanledger.api.net.PeerEndpoint;
import java.time.Instant;
import org.axonframework.serialization.Revision;

/**
 * The client of a live session moved from {@code previous} to {@code current} (a MOBIKE roam: a new
 * Wi-Fi, a mobile network): from {@code at} on, its traffic came from the new public endpoint.
 */
@Revision("1")
public record ClientEndpointChanged(SessionId sessionId, AccountName account, PeerEndpoint previous, PeerEndpoint current,
                                    String source, GatewayId gateway, Instant at) {
}
