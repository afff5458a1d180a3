package io.swanledger.vlan;

import io.swanledger.api.vlan.AccessPair;
import io.swanledger.api.vlan.LabVlan;

/** What the lab-VLAN decision needs to know of the access list. */
public interface AccessListView {

    /** The pair's VLAN as registered (null if it is not) and whether the pair is listed, read together. */
    Lookup lookup(AccessPair pair);

    record Lookup(LabVlan vlan, boolean listed) {
    }
}
