package io.swanledger.vlan;

import io.swanledger.api.identity.AccountName;
import io.swanledger.api.identity.Identity;
import io.swanledger.api.session.VlanRouteDenied;
import io.swanledger.api.vlan.AccessPair;
import io.swanledger.api.vlan.LabVlan;

/**
 * The lab-VLAN decision at authorization: a route only if the VLAN is registered and the pair of the
 * <em>authenticated</em> account and the requested VLAN is listed. A requested identity whose account
 * differs from the authenticated one never gets a route (CVE-2012-4741: strongSwan once trusted the
 * EAP identity over the authenticated one), nor does an account the upstream did not vouch for. Digits
 * after '@' that are no management number are recorded as an unreadable request, never guessed at.
 */
public record VlanDecision(AccessPair pair, LabVlan grantedVlan, VlanRouteDenied.Reason denial) {

    /** Null when no VLAN was requested. {@code vouched} is false when the upstream named nobody. */
    public static VlanDecision decide(Identity requested, AccountName authenticated, boolean vouched, AccessListView view) {
        if (requested.unreadableVlan() != null) {
            return new VlanDecision(null, null, VlanRouteDenied.Reason.VLAN_UNREADABLE);
        }
        if (requested.vlan() == null) {
            return null;
        }
        AccessPair pair = new AccessPair(authenticated, requested.vlan());
        if (!vouched) {
            return new VlanDecision(pair, null, VlanRouteDenied.Reason.IDENTITY_UNVERIFIED);
        }
        if (!requested.account().equals(authenticated)) {
            return new VlanDecision(pair, null, VlanRouteDenied.Reason.IDENTITY_MISMATCH);
        }
        AccessListView.Lookup found = view.lookup(pair);
        if (found.vlan() == null) {
            return new VlanDecision(pair, null, VlanRouteDenied.Reason.VLAN_NOT_REGISTERED);
        }
        if (!found.listed()) {
            return new VlanDecision(pair, null, VlanRouteDenied.Reason.PAIR_NOT_LISTED);
        }
        return new VlanDecision(pair, found.vlan(), null);
    }

    public boolean granted() {
        return grantedVlan != null;
    }
}
