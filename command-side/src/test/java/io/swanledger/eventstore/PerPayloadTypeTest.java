package io.swanledger.eventstore;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.EventHandlerInvoker;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.GenericEventMessage;
import org.axonframework.eventhandling.GenericTrackedEventMessage;
import org.axonframework.eventhandling.GlobalSequenceTrackingToken;
import org.axonframework.eventhandling.MultiEventHandlerInvoker;
import org.axonframework.eventhandling.ReplayToken;
import org.axonframework.eventhandling.Segment;
import org.axonframework.eventhandling.SimpleEventHandlerInvoker;
import org.axonframework.eventhandling.TrackingToken;
import org.junit.jupiter.api.Test;

class PerPayloadTypeTest {

    record Handled(String id) {
    }

    record Ignored(String id) {
    }

    static final class Rows {
        final List<String> written = new ArrayList<>();

        @EventHandler
        void on(Handled e) {
            written.add(e.id());
        }
    }

    static final class OtherRows {
        final List<String> written = new ArrayList<>();

        @EventHandler
        void on(Ignored e) {
            written.add(e.id());
        }
    }

    /** Counts how often the processor asked whether an event is handled. */
    static final class Counting implements EventHandlerInvoker {
        final EventHandlerInvoker delegate;
        int asked;
        boolean supportsReset = true;

        Counting(EventHandlerInvoker delegate) {
            this.delegate = delegate;
        }

        @Override
        public boolean canHandle(EventMessage<?> event, Segment segment) {
            asked++;
            return delegate.canHandle(event, segment);
        }

        @Override
        public void handle(EventMessage<?> event, Segment segment) throws Exception {
            delegate.handle(event, segment);
        }

        @Override
        public boolean supportsReset() {
            return supportsReset;
        }
    }

    @Test
    void decidesOncePerPayloadTypeAndHandlesEveryEventOfATypeItTakes() throws Exception {
        Rows rows = new Rows();
        Counting counting = new Counting(SimpleEventHandlerInvoker.builder().eventHandlers(rows).build());
        EventHandlerInvoker invoker = PerPayloadType.of(counting);

        for (int i = 0; i < 3; i++) {
            EventMessage<?> handled = GenericEventMessage.asEventMessage(new Handled("s-" + i));
            assertTrue(invoker.canHandle(handled, Segment.ROOT_SEGMENT));
            invoker.handle(handled, Segment.ROOT_SEGMENT);
            assertFalse(invoker.canHandle(GenericEventMessage.asEventMessage(new Ignored("x-" + i)), Segment.ROOT_SEGMENT));
        }

        assertEquals(List.of("s-0", "s-1", "s-2"), rows.written);
        assertEquals(2, counting.asked, "asked once for each payload type");
    }

    @Test
    void asksTheHandlersForEveryEventOfAnotherSegment() {
        Counting counting = new Counting(SimpleEventHandlerInvoker.builder().eventHandlers(new Rows()).build());
        EventHandlerInvoker invoker = PerPayloadType.of(counting);
        Segment half = Segment.splitBalanced(Segment.ROOT_SEGMENT, 1).get(0);

        invoker.canHandle(GenericEventMessage.asEventMessage(new Handled("a")), half);
        invoker.canHandle(GenericEventMessage.asEventMessage(new Handled("b")), half);

        assertEquals(2, counting.asked);
    }

    @Test
    void handsAnEventOnlyToTheHandlerGroupsThatTakeItsType() throws Exception {
        Rows rows = new Rows();
        OtherRows others = new OtherRows();
        Counting first = new Counting(SimpleEventHandlerInvoker.builder().eventHandlers(rows).build());
        Counting second = new Counting(SimpleEventHandlerInvoker.builder().eventHandlers(others).build());
        EventHandlerInvoker invoker = PerPayloadType.of(new MultiEventHandlerInvoker(first, second));

        for (int i = 0; i < 3; i++) {
            invoker.handle(GenericEventMessage.asEventMessage(new Handled("s-" + i)), Segment.ROOT_SEGMENT);
            invoker.handle(GenericEventMessage.asEventMessage(new Ignored("x-" + i)), Segment.ROOT_SEGMENT);
        }

        assertEquals(List.of("s-0", "s-1", "s-2"), rows.written);
        assertEquals(List.of("x-0", "x-1", "x-2"), others.written);
        assertEquals(2, first.asked, "each group asked once per payload type");
        assertEquals(2, second.asked);
    }

    @Test
    void asksAsAxonDoesForAnEventBeingReplayed() throws Exception {
        Rows rows = new Rows();
        Counting counting = new Counting(SimpleEventHandlerInvoker.builder().eventHandlers(rows).build());
        // handlers without reset support skip a replay: Axon's rule, kept
        EventHandlerInvoker invoker = PerPayloadType.of(new MultiEventHandlerInvoker(counting));
        counting.supportsReset = false;
        TrackingToken replay = ReplayToken.createReplayToken(new GlobalSequenceTrackingToken(5),
                new GlobalSequenceTrackingToken(1));
        EventMessage<?> replayed = new GenericTrackedEventMessage<>(replay,
                GenericEventMessage.asEventMessage(new Handled("r")));
        EventMessage<?> live = new GenericTrackedEventMessage<>(new GlobalSequenceTrackingToken(6),
                GenericEventMessage.asEventMessage(new Handled("l")));

        assertTrue(invoker.canHandle(live, Segment.ROOT_SEGMENT));
        invoker.handle(replayed, Segment.ROOT_SEGMENT);
        invoker.handle(live, Segment.ROOT_SEGMENT);

        assertEquals(List.of("l"), rows.written);
    }
}
