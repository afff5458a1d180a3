package io.swanledger.api.session;

import io.swanledger.api.identity.AccountName;
import io.swanledger.api.identity.AuthMethod;
import io.swanledger.api.identity.GatewayId;
import io.swanledger.api.identity.Identity;
import io.swanledger.api.identity.Nas;
import io.swanledger.api.identity.SessionId;
import io.swanledger.api.identity.VlanNumber;
import io.swanledger.api.net.PeerEndpoint;
import java.time.Instant;
import org.axonframework.serialization.Revision;

/** The AAA server accepted the client, but swanledger did not: no address, no tunnel. */
@Revision("1")
public record SessionRefused(SessionId sessionId, Identity requested, AccountName account, AuthMethod authMethod,
                             String certificateSubject, String certificateIssuer, PeerEndpoint peer, Nas nas,
                             Reason reason, VlanNumber vlan, GatewayId gateway, Instant at) {

    public enum Reason {
        /** The pool had no address to give. */
        POOL_EXHAUSTED,
        /** A lab VLAN was requested, not granted, and the policy is {@code unlisted-pair: reject}. */
        VLAN_NOT_GRANTED
    }
}
