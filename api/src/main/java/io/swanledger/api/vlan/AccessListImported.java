package io.swanledger.api.vlan;

import java.time.Instant;

/** Closes an import that changed something: what it held and how much changed. */
public record AccessListImported(String listId, String source, String requestedBy, int vlans, int pairs,
                                 int vlanChanges, int pairChanges, Instant at) implements AccessListEvent {
}
