package io.swanledger.vlan;

import com.fasterxml.jackson.annotation.JsonAutoDetect;
import com.fasterxml.jackson.annotation.JsonAutoDetect.Visibility;
import io.swanledger.api.identity.VlanNumber;
import io.swanledger.api.vlan.AccessPair;
import io.swanledger.api.vlan.AccessPairGranted;
import io.swanledger.api.vlan.AccessPairRevoked;
import io.swanledger.api.vlan.LabVlan;
import io.swanledger.api.vlan.LabVlanChanged;
import io.swanledger.api.vlan.LabVlanRegistered;
import io.swanledger.api.vlan.LabVlanUnregistered;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * The registered lab VLANs and allowed pairs, rebuilt from the access list's events. Shared by the
 * aggregate (which diffs imports against it) and the decision view (which answers "may this account
 * route into that VLAN?"), so both read the events the same way. Not thread-safe.
 */
@JsonAutoDetect(fieldVisibility = Visibility.ANY, getterVisibility = Visibility.NONE, isGetterVisibility = Visibility.NONE)
final class AccessListState {

    private Map<Integer, LabVlan> vlans = new HashMap<>();
    private Set<String> pairs = new HashSet<>();

    /** Applies one access-list event; returns false for events of other kinds. */
    boolean apply(Object event) {
        if (event instanceof LabVlanRegistered e) {
            vlans.put(e.vlan().number().value(), e.vlan());
        } else if (event instanceof LabVlanChanged e) {
            vlans.put(e.after().number().value(), e.after());
        } else if (event instanceof LabVlanUnregistered e) {
            vlans.remove(e.before().number().value());
        } else if (event instanceof AccessPairGranted e) {
            pairs.add(e.pair().toString());
        } else if (event instanceof AccessPairRevoked e) {
            pairs.remove(e.pair().toString());
        } else {
            return false;
        }
        return true;
    }

    LabVlan vlan(VlanNumber number) {
        return vlans.get(number.value());
    }

    boolean allows(AccessPair pair) {
        return pairs.contains(pair.toString());
    }

    Map<Integer, LabVlan> vlans() {
        return vlans;
    }

    Set<String> pairs() {
        return pairs;
    }

    AccessListState copy() {
        AccessListState c = new AccessListState();
        c.vlans = new HashMap<>(vlans);
        c.pairs = new HashSet<>(pairs);
        return c;
    }
}
