package io.swanledger.audit;

import java.util.ArrayDeque;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.axonframework.common.stream.BlockingStream;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.eventhandling.GenericEventMessage;
import org.axonframework.eventhandling.GenericTrackedDomainEventMessage;
import org.axonframework.eventhandling.GenericTrackedEventMessage;
import org.axonframework.eventhandling.GlobalSequenceTrackingToken;
import org.axonframework.eventhandling.TrackedEventMessage;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.messaging.MetaData;
import org.axonframework.messaging.StreamableMessageSource;

/**
 * The simulated year as an Axon event stream: the tracking processor under test reads it exactly as
 * it reads the event store (global sequence tokens, domain event messages with aggregate and
 * sequence), only the events are generated on demand instead of read from PostgreSQL.
 */
final class GeneratedEventSource implements StreamableMessageSource<TrackedEventMessage<?>> {

    private final Supplier<SimulatedYear> year;
    private volatile long produced;

    GeneratedEventSource(Supplier<SimulatedYear> year) {
        this.year = year;
    }

    long produced() {
        return produced;
    }

    @Override
    public BlockingStream<TrackedEventMessage<?>> openStream(TrackingToken token) {
        long start = token == null ? -1 : token.position().orElse(-1);
        SimulatedYear generator = year.get();
        return new BlockingStream<>() {
            private final ArrayDeque<SimulatedYear.Generated> buffer = new ArrayDeque<>();
            private long index = -1;
            private boolean done;

            private boolean fill() {
                while (buffer.isEmpty() && !done) {
                    List<SimulatedYear.Generated> day = generator.nextDay();
                    if (day.isEmpty()) {
                        done = true;
                    }
                    buffer.addAll(day);
                    // a restarted stream regenerates from the start and skips what was handled
                    while (!buffer.isEmpty() && index + 1 <= start) {
                        buffer.poll();
                        index++;
                    }
                }
                return !buffer.isEmpty();
            }

            private TrackedEventMessage<?> next;

            /** Axon's processor peeks to decide whether a batch goes on: it must see the real next event. */
            @Override
            public Optional<TrackedEventMessage<?>> peek() {
                if (next == null && fill()) {
                    next = build(buffer.poll());
                }
                return Optional.ofNullable(next);
            }

            @Override
            public boolean hasNextAvailable(int timeout, TimeUnit unit) {
                return next != null || fill();
            }

            @Override
            public TrackedEventMessage<?> nextAvailable() {
                TrackedEventMessage<?> m = peek().orElseThrow();
                next = null;
                return m;
            }

            private TrackedEventMessage<?> build(SimulatedYear.Generated g) {
                index++;
                produced = index + 1;
                GlobalSequenceTrackingToken t = new GlobalSequenceTrackingToken(index);
                String id = new UUID(0x5eed, index).toString();
                if (g.aggregateId() == null) {
                    return new GenericTrackedEventMessage<>(t, new GenericEventMessage<>(id, g.payload(), MetaData.emptyInstance(), g.at()));
                }
                return new GenericTrackedDomainEventMessage<>(t, new GenericDomainEventMessage<>(g.aggregateType(),
                        g.aggregateId(), g.sequence(), g.payload(), MetaData.emptyInstance(), id, g.at()));
            }

            @Override
            public void close() {
            }
        };
    }

    @Override
    public TrackingToken createTailToken() {
        return null;
    }

    @Override
    public TrackingToken createHeadToken() {
        throw new UnsupportedOperationException("the simulated year has no head until it is generated");
    }

    @Override
    public TrackingToken createTokenAt(java.time.Instant dateTime) {
        throw new UnsupportedOperationException();
    }
}
