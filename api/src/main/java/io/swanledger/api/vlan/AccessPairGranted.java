package io.swanledger.api.vlan;

import java.time.Instant;

public record AccessPairGranted(String listId, AccessPair pair, String source, Instant at) implements AccessListEvent {
}
