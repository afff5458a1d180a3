package io.swanledger.eventstore;

import java.security.SecureRandom;
import java.util.SplittableRandom;
import java.util.UUID;
import java.util.random.RandomGenerator;
import java.util.random.RandomGeneratorFactory;
import org.axonframework.common.IdentifierFactory;

/**
 * The identifiers of Axon's messages (commands, events, results): random version-4 UUIDs as Axon's
 * default makes them, but drawn from a generator per thread seeded from {@link SecureRandom} rather
 * than from {@code SecureRandom} itself, whose lock and hashing per id were 4 % of the committing
 * thread's CPU under churn. An id only has to be unique, not secret: nothing is authorized by one.
 * Axon finds this class through {@code META-INF/services}.
 */
public final class RandomMessageIds extends IdentifierFactory {

    private static final SecureRandom SEEDS = new SecureRandom();
    private static final ThreadLocal<RandomGenerator> RANDOM = ThreadLocal.withInitial(RandomMessageIds::seeded);

    private static RandomGenerator seeded() {
        byte[] seed = new byte[32];
        SEEDS.nextBytes(seed);
        try {
            return RandomGeneratorFactory.of("L64X128MixRandom").create(seed);
        } catch (IllegalArgumentException notInThisRuntime) {
            // a runtime linked without the jdk.random module
            return new SplittableRandom(SEEDS.nextLong());
        }
    }

    @Override
    public String generateIdentifier() {
        RandomGenerator random = RANDOM.get();
        long high = (random.nextLong() & ~0xF000L) | 0x4000L; // version 4
        long low = (random.nextLong() & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L; // the IETF variant
        return new UUID(high, low).toString();
    }
}
