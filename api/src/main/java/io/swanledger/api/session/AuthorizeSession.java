package io.swanledger.api.session;

import io.swanledger.api.Inputs;
import io.swanledger.api.identity.AccountName;
import io.swanledger.api.identity.AuthMethod;
import io.swanledger.api.identity.CertificateDn;
import io.swanledger.api.identity.GatewayId;
import io.swanledger.api.identity.Identity;
import io.swanledger.api.identity.Nas;
import io.swanledger.api.identity.PoolId;
import io.swanledger.api.identity.SessionId;
import io.swanledger.api.net.Ipv4Address;
import io.swanledger.api.net.PeerEndpoint;
import java.time.Instant;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/**
 * The upstream AAA server accepted a client: open its session, give it an address from the pool and
 * decide its lab-VLAN route, all in one transaction. {@code requested} is the identity the client
 * sent; {@code authenticated} the account the AAA server vouched for — only the latter is trusted.
 * {@code acctSessionId} (strongSwan's Acct-Session-Id) and the certificate DNs may be null.
 * {@code accountVouched} is false when the upstream named nobody (EAP-TLS with neither the configured
 * certificate attribute nor a User-Name in its Accept): {@code authenticated} is then only the claimed
 * account, and such a session never gets a lab route. {@code peer} is the client's public endpoint when
 * the NAS's Calling-Station-Id is an address (strongSwan: {@code addr[port]}); otherwise null, and
 * {@code callingStationId} keeps what it said (a MAC address, say), escaped.
 * Answers with an {@link AuthorizationResult}; sending it twice for one session id changes nothing.
 */
public record AuthorizeSession(@TargetAggregateIdentifier SessionId sessionId, PoolId poolId, Identity requested,
                               AccountName authenticated, AuthMethod authMethod, String certificateSubject,
                               String certificateIssuer, PeerEndpoint peer, Nas nas, String acctSessionId,
                               Ipv4Address preferredAddress, GatewayId gateway, Instant at, boolean accountVouched,
                               String callingStationId) {

    public AuthorizeSession {
        Inputs.required("session id", sessionId);
        Inputs.required("pool id", poolId);
        Inputs.required("requested identity", requested);
        Inputs.required("authenticated account", authenticated);
        Inputs.required("auth method", authMethod);
        CertificateDn.check("certificate subject", certificateSubject);
        CertificateDn.check("certificate issuer", certificateIssuer);
        if (callingStationId != null) {
            Inputs.text("Calling-Station-Id", callingStationId, 253);
        }
        Inputs.required("NAS", nas);
        if (acctSessionId != null) {
            Inputs.text("Acct-Session-Id", acctSessionId, 64);
        }
        Inputs.required("gateway", gateway);
        Inputs.required("time", at);
    }

    /** An authorization whose account the upstream vouched for. */
    public AuthorizeSession(SessionId sessionId, PoolId poolId, Identity requested, AccountName authenticated,
                            AuthMethod authMethod, String certificateSubject, String certificateIssuer, PeerEndpoint peer,
                            Nas nas, String acctSessionId, Ipv4Address preferredAddress, GatewayId gateway, Instant at) {
        this(sessionId, poolId, requested, authenticated, authMethod, certificateSubject, certificateIssuer, peer, nas,
                acctSessionId, preferredAddress, gateway, at, true, null);
    }
}
