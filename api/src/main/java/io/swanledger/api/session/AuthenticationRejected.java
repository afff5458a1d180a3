package io.swanledger.api.session;

import io.swanledger.api.identity.AccountName;
import io.swanledger.api.identity.GatewayId;
import io.swanledger.api.identity.Nas;
import io.swanledger.api.net.PeerEndpoint;
import java.time.Instant;
import org.axonframework.serialization.Revision;

/**
 * A login that never became a session: the AAA server said no, the identity was malformed, or the
 * client's certificate was outside policy. {@code account} is null when the name sent was not a
 * valid identity; {@code sentName} is then the name as sent, escaped and cut (see
 * {@link RecordAuthenticationRejection}). {@code peer} is null when the NAS did not say.
 */
@Revision("1")
public record AuthenticationRejected(AccountName account, String sentName, PeerEndpoint peer, Nas nas,
                                     RecordAuthenticationRejection.Reason reason, String detail,
                                     String certificateSubject, String certificateIssuer, GatewayId gateway,
                                     Instant at) {
}
