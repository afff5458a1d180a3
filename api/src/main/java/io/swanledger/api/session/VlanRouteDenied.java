package io.swanledger.api.session;

import io.swanledger.api.identity.AccountName;
import io.swanledger.api.identity.GatewayId;
import io.swanledger.api.identity.Identity;
import io.swanledger.api.identity.SessionId;
import io.swanledger.api.identity.VlanNumber;
import java.time.Instant;
import org.axonframework.serialization.Revision;

/** A lab VLAN was requested and not granted; the seed logs "VLAN and ID pair is not valid". */
@Revision("1")
public record VlanRouteDenied(SessionId sessionId, Identity requested, AccountName account, VlanNumber vlan,
                              Reason reason, GatewayId gateway, Instant at) {

    public enum Reason {
        /** The account@VLAN pair is not on the access list. */
        PAIR_NOT_LISTED,
        /** No lab VLAN with that management number is registered. */
        VLAN_NOT_REGISTERED,
        /** The account in the requested identity is not the authenticated one (CVE-2012-4741). */
        IDENTITY_MISMATCH
    }
}
