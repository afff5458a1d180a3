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
import org.axonframework.eventhandling.Segment;
import org.axonframework.eventhandling.SimpleEventHandlerInvoker;
import org.junit.jupiter.api.Test;

class RowsBesideEventsTest {

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

    /** Counts how often the processor asked whether an event is handled. */
    static final class Counting implements EventHandlerInvoker {
        final EventHandlerInvoker delegate;
        int asked;

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
    }

    @Test
    void decidesOncePerPayloadTypeAndHandlesEveryEventOfATypeItTakes() throws Exception {
        Rows rows = new Rows();
        Counting counting = new Counting(SimpleEventHandlerInvoker.builder().eventHandlers(rows).build());
        EventHandlerInvoker invoker = new RowsBesideEvents.ByPayloadType(counting);

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
        EventHandlerInvoker invoker = new RowsBesideEvents.ByPayloadType(counting);
        Segment half = Segment.splitBalanced(Segment.ROOT_SEGMENT, 1).get(0);

        invoker.canHandle(GenericEventMessage.asEventMessage(new Handled("a")), half);
        invoker.canHandle(GenericEventMessage.asEventMessage(new Handled("b")), half);

        assertEquals(2, counting.asked);
    }
}
