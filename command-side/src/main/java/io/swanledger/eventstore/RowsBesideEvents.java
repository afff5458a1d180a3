package io.swanledger.eventstore;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.config.EventProcessingConfigurer;
import org.axonframework.eventhandling.DirectEventProcessingStrategy;
import org.axonframework.eventhandling.EventHandlerInvoker;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.EventProcessorSpanFactory;
import org.axonframework.eventhandling.Segment;
import org.axonframework.eventhandling.SubscribingEventProcessor;

/**
 * A subscribing processor for handlers that write rows in the transaction of the events they follow,
 * built as Axon's {@code registerSubscribingEventProcessor} builds one (the same rollback
 * configuration, error handler, monitor, transaction manager and span factory), with one difference:
 * whether it handles an event is decided once per payload type. Axon decides it for every event and
 * every processor by streaming over the handlers and their reset support, 9 % of what the gateway
 * allocated under churn. Only for handlers whose parameters other than the payload always resolve
 * (no required metadata value): then the answer depends on the payload type alone.
 */
public final class RowsBesideEvents {

    private RowsBesideEvents() {
    }

    /** Registers the subscribing processor of {@code processingGroup} (named as the group). */
    public static EventProcessingConfigurer register(EventProcessingConfigurer processing, String processingGroup) {
        return processing.registerEventProcessor(processingGroup, (name, c, invoker) -> {
            EventProcessingConfiguration ep = c.eventProcessingConfiguration();
            return SubscribingEventProcessor.builder()
                    .name(name)
                    .eventHandlerInvoker(new ByPayloadType(invoker))
                    .rollbackConfiguration(ep.rollbackConfiguration(name))
                    .errorHandler(ep.errorHandler(name))
                    .messageMonitor(ep.messageMonitor(SubscribingEventProcessor.class, name))
                    .messageSource(c.eventBus())
                    .processingStrategy(DirectEventProcessingStrategy.INSTANCE)
                    .transactionManager(ep.transactionManager(name))
                    .spanFactory(c.getComponent(EventProcessorSpanFactory.class))
                    .build();
        });
    }

    /** Remembers per payload type whether the handlers take an event; everything else as the delegate does. */
    static final class ByPayloadType implements EventHandlerInvoker {

        private final EventHandlerInvoker delegate;
        private final ConcurrentMap<Class<?>, Boolean> handles = new ConcurrentHashMap<>();
        private volatile Boolean supportsReset;

        ByPayloadType(EventHandlerInvoker delegate) {
            this.delegate = delegate;
        }

        @Override
        public boolean canHandle(EventMessage<?> event, Segment segment) {
            if (!Segment.ROOT_SEGMENT.equals(segment)) {
                return delegate.canHandle(event, segment);
            }
            Boolean known = handles.get(event.getPayloadType());
            if (known == null) {
                known = delegate.canHandle(event, segment);
                handles.put(event.getPayloadType(), known);
            }
            return known;
        }

        @Override
        public boolean canHandleType(Class<?> payloadType) {
            return delegate.canHandleType(payloadType);
        }

        @Override
        public void handle(EventMessage<?> event, Segment segment) throws Exception {
            delegate.handle(event, segment);
        }

        @Override
        public boolean supportsReset() {
            Boolean known = supportsReset;
            if (known == null) {
                known = delegate.supportsReset();
                supportsReset = known;
            }
            return known;
        }

        @Override
        public void performReset() {
            delegate.performReset();
        }

        @Override
        public <R> void performReset(R resetContext) {
            delegate.performReset(resetContext);
        }

        @Override
        public void segmentReleased(Segment segment) {
            delegate.segmentReleased(segment);
        }
    }
}
