package io.swanledger;

import io.swanledger.api.identity.AccountName;
import io.swanledger.api.identity.AuthMethod;
import io.swanledger.api.identity.GatewayId;
import io.swanledger.api.identity.Identity;
import io.swanledger.api.identity.Nas;
import io.swanledger.api.identity.PoolId;
import io.swanledger.api.identity.SessionId;
import io.swanledger.api.identity.VlanNumber;
import io.swanledger.api.net.CidrPrefix;
import io.swanledger.api.net.Ipv4Address;
import io.swanledger.api.net.PeerEndpoint;
import io.swanledger.api.session.AuthorizeSession;
import io.swanledger.api.vlan.AccessPair;
import io.swanledger.api.vlan.LabVlan;
import java.time.Instant;

/** The seed's example values, shared by the tests. */
public final class Fixtures {

    public static final PoolId POOL = PoolId.of("clients");
    public static final GatewayId GW = GatewayId.of("vpn1");
    public static final Instant T0 = Instant.parse("2026-03-12T05:05:00Z");
    public static final AccountName ALICE = AccountName.of("alice");
    public static final AccountName BOB = AccountName.of("bob");
    public static final VlanNumber VLAN = VlanNumber.parse("123456");
    public static final LabVlan LAB = LabVlan.withDefaults(VLAN, "ens3.1", CidrPrefix.parse("10.2.0.0/24"),
            Ipv4Address.parse("10.2.0.254"));
    public static final AccessPair ALICE_AT_LAB = new AccessPair(ALICE, VLAN);
    public static final PeerEndpoint PEER = new PeerEndpoint("203.0.113.9", 4500);
    public static final Nas NAS = new Nas(Ipv4Address.parse("127.0.0.1"), "vpn1");

    private Fixtures() {
    }

    /** An authorization stamped now, as the gateway stamps them on receipt. */
    public static AuthorizeSession authorize(String session, String requested, AccountName authenticated) {
        return new AuthorizeSession(SessionId.of(session), POOL, Identity.parse(requested), authenticated,
                AuthMethod.EAP_MSCHAPV2, null, null, PEER, NAS, "acct-" + session, null, GW, Instant.now());
    }
}
