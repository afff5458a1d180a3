package io.swanledger.audit;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch.core.BulkRequest;
import co.elastic.clients.elasticsearch.core.BulkResponse;
import co.elastic.clients.elasticsearch.core.bulk.BulkOperation;
import co.elastic.clients.elasticsearch.core.bulk.BulkResponseItem;
import co.elastic.clients.json.jackson.JacksonJsonpMapper;
import co.elastic.clients.util.BinaryData;
import co.elastic.clients.util.ContentType;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.Metrics;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
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
 *
 * <p>A large batch goes as several requests at once, split by document so that one document's
 * writes stay in one request, in order: Elasticsearch indexes one request on one write thread, and
 * the projection's thread would otherwise wait with the other core idle.
 */
public class BulkWriter {

    private static final String RESOURCE = BulkWriter.class.getName();

    /**
     * Only what a failed item needs: the client maps a whole bulk response item by item, and at
     * thousands of items a batch, reading the versions, shard counts and sequence numbers nobody
     * uses cost as much as the rest of the answer.
     */
    static final String RESPONSE_FIELDS = "took,errors,items.*._index,items.*._id,items.*.status,items.*.error";

    /** Below this many writes a batch goes as one request: splitting costs more than it gains. */
    static final int SPLIT_ABOVE = 1000;

    private final ElasticsearchClient es;
    private final ElasticsearchClient esFiltered;
    private final ObjectMapper json;
    private final int requests;
    private final ExecutorService senders;
    private volatile boolean templatesInstalled;

    public BulkWriter(ElasticsearchClient es) {
        this(es, 2);
    }

    /** {@code requests}: how many bulk requests a large batch is split into (Elasticsearch's write threads). */
    public BulkWriter(ElasticsearchClient es, int requests) {
        if (requests < 1) {
            throw new IllegalArgumentException("requests must be at least 1, not " + requests);
        }
        this.es = es;
        this.requests = requests;
        this.senders = requests == 1 ? null : Executors.newFixedThreadPool(requests - 1, r -> {
            Thread t = new Thread(r, "swanledger-bulk");
            t.setDaemon(true);
            return t;
        });
        this.esFiltered = es.withTransportOptions(o -> o.setParameter("filter_path", RESPONSE_FIELDS));
        this.json = es._jsonpMapper() instanceof JacksonJsonpMapper jackson ? jackson.objectMapper() : new ObjectMapper();
    }

    /** Creates or replaces a whole document. */
    void index(String index, String id, Object document) {
        batch().operations.add(new Pending(index + "/" + id, () -> operation(index, id, document)));
    }

    /**
     * The document as JSON bytes, written by Jackson directly: the client's own mapping of a map
     * goes through its JSON-P layer, value by value, at about twice the cost.
     */
    private BulkOperation operation(String index, String id, Object document) {
        BinaryData bytes;
        try {
            bytes = BinaryData.of(json.writeValueAsBytes(document), ContentType.APPLICATION_JSON);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write " + index + "/" + id + " as JSON: " + e.getMessage(), e);
        }
        return BulkOperation.of(b -> b.index(i -> i.index(index).id(id).document(bytes)));
    }

    /**
     * Writes the document as it is when the batch commits. Several writes of one document within a
     * batch become one: the last state wins, in the position of the first.
     */
    void put(String index, String id, Map<String, Object> document) {
        Batch batch = batch();
        String key = index + "/" + id;
        if (batch.documents.put(key, document) == null) {
            batch.operations.add(new Pending(key, () -> operation(index, id, batch.documents.get(key))));
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

    /** A write of the document {@code key} (index/id), serialized only when it is sent. */
    record Pending(String key, Supplier<BulkOperation> operation) {
    }

    /** One processor batch's writes, in the order handled; built into requests only at the flush. */
    private static final class Batch {
        final List<Pending> operations = new ArrayList<>();
        final Map<String, Map<String, Object>> documents = new HashMap<>();
    }

    private Batch batch() {
        UnitOfWork<?> uow = CurrentUnitOfWork.get();
        return (Batch) uow.root().getOrComputeResource(RESOURCE, key -> {
            Batch b = new Batch();
            uow.root().onPrepareCommit(u -> flush(b.operations));
            return b;
        });
    }

    /** Sends the writes, split into up to {@code requests} requests sent at once; throws if any item failed. */
    void flush(List<Pending> writes) {
        if (writes.isEmpty()) {
            return;
        }
        if (!templatesInstalled) {
            try {
                AuditIndices.install(es);
            } catch (IOException e) {
                throw new UncheckedIOException("Elasticsearch is unreachable; the batch will be retried", e);
            }
            templatesInstalled = true;
        }
        long t0 = System.nanoTime();
        List<List<Pending>> parts = split(writes, writes.size() > SPLIT_ABOVE ? requests : 1);
        List<CompletableFuture<Void>> others = new ArrayList<>();
        for (List<Pending> part : parts.subList(1, parts.size())) {
            others.add(CompletableFuture.runAsync(() -> send(part), senders));
        }
        RuntimeException failure = null;
        try {
            send(parts.get(0));
        } catch (RuntimeException e) {
            failure = e;
        }
        for (CompletableFuture<Void> other : others) {
            try {
                other.join();
            } catch (CompletionException e) {
                if (failure == null) {
                    failure = e.getCause() instanceof RuntimeException r ? r : e;
                }
            }
        }
        if (failure != null) {
            throw failure;
        }
        Metrics.timer("swanledger.elasticsearch.bulk").record(System.nanoTime() - t0, TimeUnit.NANOSECONDS);
        Metrics.counter("swanledger.elasticsearch.bulk.documents").increment(writes.size());
    }

    /** Splits by document, keeping each part in the order handled (a session's create precedes its updates). */
    static List<List<Pending>> split(List<Pending> writes, int parts) {
        if (parts == 1) {
            return List.of(writes);
        }
        List<List<Pending>> split = new ArrayList<>();
        for (int i = 0; i < parts; i++) {
            split.add(new ArrayList<>(writes.size() / parts + 16));
        }
        for (Pending w : writes) {
            split.get(Math.floorMod(w.key().hashCode(), parts)).add(w);
        }
        split.removeIf(List::isEmpty);
        return split;
    }

    private void send(List<Pending> part) {
        List<BulkOperation> ops = part.stream().map(w -> w.operation().get()).toList();
        BulkResponse response;
        try {
            response = esFiltered.bulk(BulkRequest.of(b -> b.operations(ops)));
        } catch (IOException e) {
            throw new UncheckedIOException("Elasticsearch is unreachable; the batch will be retried", e);
        }
        if (response.errors()) {
            for (BulkResponseItem item : response.items()) {
                if (item.error() != null) {
                    throw new IllegalStateException("Elasticsearch refused " + item.operationType().jsonValue() + " of "
                            + item.index() + "/" + item.id() + ": " + item.error().reason());
                }
            }
        }
    }
}
