package io.swanledger.eventstore;

import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.config.EventProcessingConfigurer;
import org.axonframework.eventhandling.DirectEventProcessingStrategy;
import org.axonframework.eventhandling.EventProcessorSpanFactory;
import org.axonframework.eventhandling.SubscribingEventProcessor;
import org.axonframework.eventhandling.TrackingEventProcessor;
import org.axonframework.eventhandling.TrackingEventProcessorConfiguration;

/**
 * Event processors built as Axon's {@code registerSubscribingEventProcessor} and
 * {@code registerTrackingEventProcessor} build them (the same rollback configuration, error handler,
 * monitor, source, token store, transaction manager and span factory), with one difference: whether
 * and by which handlers an event is handled is decided once per payload type ({@link PerPayloadType}).
 */
public final class Processors {

    private Processors() {
    }

    /**
     * The subscribing processor of {@code processingGroup} (named as the group), for handlers that write
     * rows in the transaction of the events they follow.
     */
    public static EventProcessingConfigurer subscribing(EventProcessingConfigurer processing, String processingGroup) {
        return processing.registerEventProcessor(processingGroup, (name, c, invoker) -> {
            EventProcessingConfiguration ep = c.eventProcessingConfiguration();
            return SubscribingEventProcessor.builder()
                    .name(name)
                    .eventHandlerInvoker(PerPayloadType.of(invoker))
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

    /** The tracking processor {@code processorName}, reading the event store. */
    public static EventProcessingConfigurer tracking(EventProcessingConfigurer processing, String processorName,
            TrackingEventProcessorConfiguration configuration) {
        return processing.registerEventProcessor(processorName, (name, c, invoker) -> {
            EventProcessingConfiguration ep = c.eventProcessingConfiguration();
            return TrackingEventProcessor.builder()
                    .name(name)
                    .eventHandlerInvoker(PerPayloadType.of(invoker))
                    .rollbackConfiguration(ep.rollbackConfiguration(name))
                    .errorHandler(ep.errorHandler(name))
                    .messageMonitor(ep.messageMonitor(TrackingEventProcessor.class, name))
                    .messageSource(c.eventStore())
                    .tokenStore(ep.tokenStore(name))
                    .transactionManager(ep.transactionManager(name))
                    .trackingEventProcessorConfiguration(configuration)
                    .spanFactory(c.getComponent(EventProcessorSpanFactory.class))
                    .build();
        });
    }
}
