package io.swanledger.audit;

import org.axonframework.config.ConfigurerModule;
import org.axonframework.eventhandling.PropagatingErrorHandler;
import org.axonframework.eventhandling.TrackingEventProcessorConfiguration;
import org.axonframework.messaging.StreamableMessageSource;

/**
 * The processor that feeds Elasticsearch: one tracking processor for the session documents and
 * the timeline, batches of {@code batchSize} events written as one bulk request, starting from the
 * first event, retrying failures instead of skipping them. Reset it (see README) to rebuild the
 * indices from the event store.
 */
public final class ElasticsearchProjection {

    public static final String GROUP = "elasticsearch";

    private ElasticsearchProjection() {
    }

    public static ConfigurerModule module(int batchSize) {
        return configurer -> configurer.eventProcessing(ep -> ep
                .registerTrackingEventProcessorConfiguration(GROUP, c -> TrackingEventProcessorConfiguration
                        .forSingleThreadedProcessing().andBatchSize(batchSize)
                        .andInitialTrackingToken(StreamableMessageSource::createTailToken))
                .registerListenerInvocationErrorHandler(GROUP, c -> PropagatingErrorHandler.instance()));
    }
}
