package io.swanledger.api.session;

import io.swanledger.api.identity.AccountName;
import io.swanledger.api.identity.GatewayId;
import io.swanledger.api.identity.Identity;
import io.swanledger.api.identity.SessionId;
import io.swanledger.api.identity.VlanNumber;
import java.time.Instant;
import org.axonframework.serialization.Revision;

/**
 * A lab VLAN was requested and not granted; the seed logs "VLAN and ID pair is not valid". {@code vlan}
 * is null when the request was {@link Reason#VLAN_UNREADABLE unreadable}.
 */
@Revision("1")
public record VlanRouteDenied(SessionId sessionId, Identity requested, AccountName account, VlanNumber vlan,
                              Reason reason, GatewayId gateway, Instant at) {

    public enum Reason {
        /** The account@VLAN pair is not on the access list. */
        PAIR_NOT_LISTED,
        /** No lab VLAN with that management number is registered. */
        VLAN_NOT_REGISTERED,
        /** The account in the requested identity is not the authenticated one (CVE-2012-4741). */
        IDENTITY_MISMATCH,
        /** The digits after the last '@' are no management number (a leading zero, too many digits, 0). */
        VLAN_UNREADABLE,
        /**
         * The upstream vouched for no name (EAP-TLS without the configured certificate attribute and
         * without User-Name in its Accept): the claimed name is all there is, and it routes nowhere.
         */
        IDENTITY_UNVERIFIED
    }
}
