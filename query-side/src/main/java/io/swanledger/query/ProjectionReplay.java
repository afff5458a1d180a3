package io.swanledger.query;

import io.swanledger.audit.ElasticsearchProjection;
import java.io.PrintStream;
import java.util.OptionalLong;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.EventTrackerStatus;
import org.axonframework.eventhandling.TrackingEventProcessor;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.stereotype.Component;

/**
 * Rebuilds the Elasticsearch indices from the event store: {@code --swanledger.replay=true} resets
 * the projection's token at start-up and prints progress every 5 s until it has caught up; the
 * application then goes on serving. Writes are idempotent, so the indices need not be deleted first.
 */
@Component
class ProjectionReplay implements ApplicationRunner {

    private final EventProcessingConfiguration processing;
    private final EventStore eventStore;
    private final boolean enabled;

    ProjectionReplay(EventProcessingConfiguration processing, EventStore eventStore,
                     @Value("${swanledger.replay:false}") boolean enabled) {
        this.processing = processing;
        this.eventStore = eventStore;
        this.enabled = enabled;
    }

    @Override
    public void run(ApplicationArguments args) throws InterruptedException {
        if (enabled) {
            replay(System.out);
        }
    }

    /** Resets the projection to the first event and waits, reporting, until it is at the head again. */
    void replay(PrintStream out) throws InterruptedException {
        TrackingEventProcessor p = processing.eventProcessor(ElasticsearchProjection.GROUP, TrackingEventProcessor.class)
                .orElseThrow(() -> new IllegalStateException("no processor " + ElasticsearchProjection.GROUP));
        long head = eventStore.createHeadToken() == null ? 0 : eventStore.createHeadToken().position().orElse(0) + 1;
        out.printf("replay: resetting %s; %,d events in the store%n", ElasticsearchProjection.GROUP, head);
        p.shutDown();
        p.resetTokens();
        p.start();
        long t0 = System.nanoTime();
        while (true) {
            Thread.sleep(5000);
            long at = position(p);
            double seconds = (System.nanoTime() - t0) / 1e9;
            out.printf("replay: %,d / %,d events (%.1f %%), %.0f events/s%n", at, head, head == 0 ? 100.0 : 100.0 * at / head,
                    at / seconds);
            if (at >= head && p.processingStatus().values().stream().allMatch(EventTrackerStatus::isCaughtUp)) {
                out.printf("replay: done in %.0f s%n", seconds);
                return;
            }
        }
    }

    private static long position(TrackingEventProcessor p) {
        return p.processingStatus().values().stream().map(EventTrackerStatus::getCurrentPosition)
                .filter(OptionalLong::isPresent).mapToLong(OptionalLong::getAsLong).min().orElse(-1) + 1;
    }
}
