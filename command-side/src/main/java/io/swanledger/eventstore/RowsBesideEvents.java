package io.swanledger.eventstore;

import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.config.EventProcessingConfigurer;
import org.axonframework.eventhandling.DirectEventProcessingStrategy;
import org.axonframework.eventhandling.EventProcessorSpanFactory;
import org.axonframework.eventhandling.SubscribingEventProcessor;

/**
 * A subscribing processor for handlers that write rows in the transaction of the events they follow,
 * built as Axon's {@code registerSubscribingEventProcessor} builds one (the same rollback
 * configuration, error handler, monitor, transaction manager and span factory), with one difference:
 * whether and by which handlers it handles an event is decided once per payload type
 * ({@link PerPayloadType}).
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
}
