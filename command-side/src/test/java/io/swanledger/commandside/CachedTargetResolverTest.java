package io.swanledger.commandside;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.swanledger.api.identity.SessionId;
import io.swanledger.api.pool.CountAddresses;
import io.swanledger.api.identity.PoolId;
import java.time.Instant;
import java.util.List;
import org.axonframework.commandhandling.CommandMessage;
import org.axonframework.commandhandling.GenericCommandMessage;
import org.axonframework.modelling.command.AnnotationCommandTargetResolver;
import org.axonframework.modelling.command.TargetAggregateIdentifier;
import org.axonframework.modelling.command.TargetAggregateVersion;
import org.axonframework.modelling.command.VersionedAggregateIdentifier;
import org.junit.jupiter.api.Test;

class CachedTargetResolverTest {

    record Versioned(@TargetAggregateIdentifier SessionId sessionId, @TargetAggregateVersion Integer version) {
    }

    record TextVersion(@TargetAggregateIdentifier String id, @TargetAggregateVersion String version) {
    }

    record Untargeted(String id) {
    }

    /** Annotated on a method only, the value computed: found as Axon finds it. */
    static final class ByMethod {
        private final String account;

        ByMethod(String account) {
            this.account = account;
        }

        @TargetAggregateIdentifier
        String target() {
            return "list-" + account;
        }
    }

    private final CachedTargetResolver cached = new CachedTargetResolver();
    private final AnnotationCommandTargetResolver axon = AnnotationCommandTargetResolver.builder().build();

    @Test
    void resolvesEveryKindOfCommandAsAxonsResolverDoes() {
        for (Object payload : List.of(new Versioned(SessionId.of("s-1"), 7), new Versioned(SessionId.of("s-2"), null),
                new TextVersion("t-1", "12"), new ByMethod("ada"), new CountAddresses(PoolId.of("campus"), Instant.EPOCH))) {
            CommandMessage<?> command = GenericCommandMessage.asCommandMessage(payload);
            VersionedAggregateIdentifier expected = axon.resolveTarget(command);
            // twice: the second from the members found for the class the first time
            assertEquals(expected, cached.resolveTarget(command), payload.toString());
            assertEquals(expected, cached.resolveTarget(command), payload.toString());
        }
    }

    @Test
    void readsTheVersionAsANumber() {
        VersionedAggregateIdentifier target = cached.resolveTarget(GenericCommandMessage.asCommandMessage(
                new TextVersion("t-1", "12")));
        assertEquals("t-1", target.getIdentifier());
        assertEquals(12L, target.getVersion());
        assertNull(cached.resolveTarget(GenericCommandMessage.asCommandMessage(new Versioned(SessionId.of("s"), null)))
                .getVersion());
        IllegalArgumentException notANumber = assertThrows(IllegalArgumentException.class,
                () -> cached.resolveTarget(GenericCommandMessage.asCommandMessage(new TextVersion("t-1", "twelve"))));
        assertEquals("The value provided for the version is not a number.", notANumber.getMessage());
    }

    @Test
    void refusesACommandThatNamesNoTargetWithAxonsMessage() {
        CommandMessage<?> command = GenericCommandMessage.asCommandMessage(new Untargeted("x"));
        IllegalArgumentException expected = assertThrows(IllegalArgumentException.class, () -> axon.resolveTarget(command));
        IllegalArgumentException actual = assertThrows(IllegalArgumentException.class, () -> cached.resolveTarget(command));
        assertEquals(expected.getMessage(), actual.getMessage());
        CommandMessage<?> nullTarget = GenericCommandMessage.asCommandMessage(new Versioned(null, 1));
        assertThrows(IllegalArgumentException.class, () -> cached.resolveTarget(nullTarget));
    }
}
