package io.swanledger.api.vlan;

import io.swanledger.api.identity.VlanNumber;
import java.time.Instant;
import org.axonframework.serialization.Revision;

@Revision("1")
public record LabVlanChanged(String listId, LabVlan before, LabVlan after, String source, Instant at) implements AccessListEvent {

    /** The VLAN's management number; sagas associate on it. */
    public VlanNumber vlan() {
        return before.number();
    }
}
