package io.swanledger.api.vlan;

import java.time.Instant;
import org.axonframework.serialization.Revision;

@Revision("1")
public record LabVlanRegistered(String listId, LabVlan vlan, String source, Instant at) implements AccessListEvent {
}
