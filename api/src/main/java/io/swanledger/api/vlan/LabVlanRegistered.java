package io.swanledger.api.vlan;

import java.time.Instant;

public record LabVlanRegistered(String listId, LabVlan vlan, String source, Instant at) implements AccessListEvent {
}
