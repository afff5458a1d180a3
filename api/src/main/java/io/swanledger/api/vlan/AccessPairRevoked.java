package io.swanledger.api.vlan;

import java.time.Instant;
import org.axonframework.serialization.Revision;

@Revision("1")
public record AccessPairRevoked(String listId, AccessPair pair, String source, Instant at) implements AccessListEvent {
}
