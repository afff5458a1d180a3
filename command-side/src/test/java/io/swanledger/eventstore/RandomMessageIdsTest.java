package io.swanledger.eventstore;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.IntStream;
import org.axonframework.common.IdentifierFactory;
import org.axonframework.eventhandling.GenericEventMessage;
import org.junit.jupiter.api.Test;

class RandomMessageIdsTest {

    @Test
    void axonTakesItsMessageIdsFromIt() {
        assertInstanceOf(RandomMessageIds.class, IdentifierFactory.getInstance());
        UUID id = UUID.fromString(new GenericEventMessage<>("an event").getIdentifier());
        assertEquals(4, id.version());
        assertEquals(2, id.variant());
    }

    @Test
    void neverHandsOutAnIdTwiceAcrossThreads() {
        Set<String> seen = ConcurrentHashMap.newKeySet();
        RandomMessageIds ids = new RandomMessageIds();
        IntStream.range(0, 400_000).parallel().forEach(i -> assertTrue(seen.add(ids.generateIdentifier())));
        assertEquals(400_000, seen.size());
    }
}
