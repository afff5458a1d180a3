package io.swanledger.audit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.json.jackson.JacksonJsonpMapper;
import co.elastic.clients.transport.rest_client.RestClientTransport;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.http.HttpHost;
import org.axonframework.messaging.unitofwork.DefaultUnitOfWork;
import org.axonframework.messaging.unitofwork.UnitOfWork;
import org.elasticsearch.client.RestClient;
import org.junit.jupiter.api.Test;

class BulkWriterTest {

    @Test
    void splitsALargeBatchByDocumentKeepingEachDocumentsWritesInOrder() {
        List<BulkWriter.Pending> writes = new ArrayList<>();
        for (int i = 0; i < 3000; i++) {
            int write = i; // each write its own supplier, so that the order check can tell them apart
            writes.add(new BulkWriter.Pending("swanledger-sessions-2026.03/s" + (i % 700), () -> {
                throw new AssertionError("not sent: " + write);
            }));
        }

        List<List<BulkWriter.Pending>> parts = BulkWriter.split(writes, 2);

        assertEquals(2, parts.size());
        assertEquals(3000, parts.stream().mapToInt(List::size).sum(), "every write is sent once");
        for (String key : writes.stream().map(BulkWriter.Pending::key).distinct().toList()) {
            List<List<BulkWriter.Pending>> holding = parts.stream()
                    .filter(p -> p.stream().anyMatch(w -> w.key().equals(key))).toList();
            assertEquals(1, holding.size(), key + " is in one request");
            List<BulkWriter.Pending> inOrder = writes.stream().filter(w -> w.key().equals(key)).toList();
            assertEquals(inOrder, holding.get(0).stream().filter(w -> w.key().equals(key)).toList(), key + " keeps its order");
        }
        assertEquals(List.of(writes), BulkWriter.split(writes, 1));
    }

    @Test
    void aDocumentRefusedInTheOtherRequestFailsTheBatchAndItsRetryWritesEachDocumentOnce() throws Exception {
        ElasticsearchServer server = ElasticsearchServer.shared();
        try (RestClient rest = RestClient.builder(HttpHost.create(server.url())).build()) {
            ElasticsearchClient es = new ElasticsearchClient(new RestClientTransport(rest, new JacksonJsonpMapper()));
            BulkWriter bulk = new BulkWriter(es, 2);
            String index = "swanledger-events-2099.01";
            es.indices().delete(d -> d.index(index).ignoreUnavailable(true));

            // refused in the request the caller's thread does not send itself
            int bad = 2000;
            while (Math.floorMod((index + "/e" + bad).hashCode(), 2) != 1) {
                bad++;
            }
            UnitOfWork<?> first = DefaultUnitOfWork.startAndGet(null);
            for (int i = 0; i < 3000; i++) {
                // an address Elasticsearch cannot read as one: that item fails
                bulk.index(index, "e" + i, Map.of("@timestamp", "2099-01-01T00:00:00Z",
                        "source", Map.of("ip", i == bad ? "not-an-address" : "10.1.0." + (i % 250))));
            }
            IllegalStateException refused = assertThrows(IllegalStateException.class, first::commit);
            assertTrue(refused.getMessage().contains(index + "/e" + bad), refused.getMessage());

            UnitOfWork<?> retry = DefaultUnitOfWork.startAndGet(null);
            for (int i = 0; i < 3000; i++) {
                bulk.index(index, "e" + i, Map.of("@timestamp", "2099-01-01T00:00:00Z",
                        "source", Map.of("ip", "10.1.0." + (i % 250))));
            }
            retry.commit();

            es.indices().refresh(r -> r.index(index));
            assertEquals(3000, es.count(c -> c.index(index)).count(), "the retried batch wrote each document once");
            es.indices().delete(d -> d.index(index));
        }
    }
}
