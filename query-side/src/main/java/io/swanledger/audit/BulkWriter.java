package io.swanledger.audit;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch.core.BulkRequest;
import co.elastic.clients.elasticsearch.core.BulkResponse;
import co.elastic.clients.elasticsearch.core.bulk.BulkOperation;
import co.elastic.clients.elasticsearch.core.bulk.BulkResponseItem;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;
import org.axonframework.messaging.unitofwork.UnitOfWork;

/**
 * Collects a processor batch's writes and sends them as one bulk request when the batch commits
 * (before its tracking token is stored). Any failed item fails the batch, so the processor retries
 * it with back-off: no event is ever skipped. Writes are idempotent (ids from the session and the
 * event), so a retried batch changes nothing that already landed.
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
        operations().add(BulkOperation.of(b -> b.index(i -> i.index(index).id(id).document(document))));
    }

    /** Merges {@code partial} into the document, creating it when it does not exist yet. */
    void merge(String index, String id, Map<String, Object> partial) {
        operations().add(BulkOperation.of(b -> b.update(u -> u.index(index).id(id)
                .action(a -> a.doc(partial).docAsUpsert(true)).retryOnConflict(3))));
    }

    void delete(String index, String id) {
        operations().add(BulkOperation.of(b -> b.delete(d -> d.index(index).id(id))));
    }

    @SuppressWarnings("unchecked")
    private List<BulkOperation> operations() {
        UnitOfWork<?> uow = CurrentUnitOfWork.get();
        return (List<BulkOperation>) uow.root().getOrComputeResource(RESOURCE, key -> {
            List<BulkOperation> ops = new ArrayList<>();
            uow.root().onPrepareCommit(u -> flush(ops));
            return ops;
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
            BulkResponse response = es.bulk(BulkRequest.of(b -> b.operations(ops)));
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
