package io.swanledger.api.vlan;

import java.time.Instant;
import org.axonframework.serialization.Revision;

/** Closes an import that changed something: what it held and how much changed. */
@Revision("1")
public record AccessListImported(String listId, String source, String requestedBy, int vlans, int pairs,
                                 int vlanChanges, int pairChanges, Instant at) implements AccessListEvent {
}
