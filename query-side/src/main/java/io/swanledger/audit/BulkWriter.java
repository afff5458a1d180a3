package io.swanledger.audit;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch.core.BulkRequest;
import co.elastic.clients.elasticsearch.core.BulkResponse;
import co.elastic.clients.elasticsearch.core.bulk.BulkOperation;
import co.elastic.clients.elasticsearch.core.bulk.BulkResponseItem;
import io.micrometer.core.instrument.Metrics;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;
import org.axonframework.messaging.unitofwork.UnitOfWork;

/**
 * Collects a processor batch's writes and sends them as one bulk request when the batch commits
 * (before its tracking token is stored). Any failed item fails the batch, so the processor retries
 * it with back-off: no event is ever skipped. Writes are whole documents with ids from the session
 * and the event — idempotent, and never a read-modify-write inside Elasticsearch (partial updates
 * of fresh documents force a refresh each and made indexing crawl).
 */
public class BulkWriter {

    private static final String RESOURCE = BulkWriter.class.getName();

    private final ElasticsearchClient es;
    private volatile boolean templatesInstalled;

    public BulkWriter(ElasticsearchClient es) {
        this.es = es;
    }

    /** Creates or replaces a whole document. */
    void index(String index, String id, Map<String, Object> document) {
        batch().operations.add(() -> BulkOperation.of(b -> b.index(i -> i.index(index).id(id).document(document))));
    }

    /**
     * Writes the document as it is when the batch commits. Several writes of one document within a
     * batch become one: the last state wins, in the position of the first.
     */
    void put(String index, String id, Map<String, Object> document) {
        Batch batch = batch();
        String key = index + "/" + id;
        if (batch.documents.put(key, document) == null) {
            batch.operations.add(() -> {
                Map<String, Object> latest = batch.documents.get(key);
                return BulkOperation.of(b -> b.index(i -> i.index(index).id(id).document(latest)));
            });
        }
    }

    @SuppressWarnings("unchecked")
    static void deepMerge(Map<String, Object> into, Map<String, Object> from) {
        from.forEach((k, v) -> {
            Object existing = into.get(k);
            if (existing instanceof Map<?, ?> e && v instanceof Map<?, ?> n) {
                Map<String, Object> copy = new LinkedHashMap<>((Map<String, Object>) e);
                deepMerge(copy, (Map<String, Object>) n);
                into.put(k, copy);
            } else {
                into.put(k, v);
            }
        });
    }

    /** One processor batch's writes, in the order handled; built into requests only at the flush. */
    private static final class Batch {
        final List<Supplier<BulkOperation>> operations = new ArrayList<>();
        final Map<String, Map<String, Object>> documents = new HashMap<>();
    }

    private Batch batch() {
        UnitOfWork<?> uow = CurrentUnitOfWork.get();
        return (Batch) uow.root().getOrComputeResource(RESOURCE, key -> {
            Batch b = new Batch();
            uow.root().onPrepareCommit(u -> flush(b.operations.stream().map(Supplier::get).toList()));
            return b;
        });
    }

    void flush(List<BulkOperation> ops) {
        if (ops.isEmpty()) {
            return;
        }
        try {
            if (!templatesInstalled) {
                AuditIndices.install(es);
                templatesInstalled = true;
            }
            // Ordered as handled: a session's create precedes its updates.
            long t0 = System.nanoTime();
            BulkResponse response = es.bulk(BulkRequest.of(b -> b.operations(ops)));
            Metrics.timer("swanledger.elasticsearch.bulk")
                    .record(System.nanoTime() - t0, TimeUnit.NANOSECONDS);
            Metrics.counter("swanledger.elasticsearch.bulk.documents").increment(ops.size());
            if (response.errors()) {
                for (BulkResponseItem item : response.items()) {
                    if (item.error() != null && !(item.status() == 404 && "delete".equals(item.operationType().jsonValue()))) {
                        throw new IllegalStateException("Elasticsearch refused " + item.operationType().jsonValue() + " of "
                                + item.index() + "/" + item.id() + ": " + item.error().reason());
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Elasticsearch is unreachable; the batch will be retried", e);
        }
    }
}
