package io.swanledger.audit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.json.jackson.JacksonJsonpMapper;
import co.elastic.clients.transport.rest_client.RestClientTransport;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.apache.http.HttpHost;
import org.elasticsearch.client.RestClient;
import org.junit.jupiter.api.Test;

class RetentionTest {

    @Test
    void deletesMonthlyIndicesOlderThanTheRetentionAndRecordsWhatItDeleted() throws Exception {
        ElasticsearchServer server = ElasticsearchServer.shared();
        try (RestClient rest = RestClient.builder(HttpHost.create(server.url())).build()) {
            ElasticsearchClient es = new ElasticsearchClient(new RestClientTransport(rest, new JacksonJsonpMapper()));
            AuditIndices.install(es);
            for (String name : List.of("swanledger-sessions-2023.12", "swanledger-events-2023.12", "swanledger-sessions-2024.11",
                    "swanledger-sessions-2026.11", "swanledger-retention-unrelated-2000.01")) {
                es.indices().create(c -> c.index(name));
            }
            Clock clock = Clock.fixed(Instant.parse("2026-11-27T03:15:00Z"), ZoneOffset.UTC);
            // a search recorded long before the retention period
            es.index(i -> i.index(AuditIndices.AUDIT).id("old-search").document(Map.of("@timestamp", "2020-01-01T00:00:00Z",
                    "event", Map.of("action", "search"))));

            List<String> deleted = new Retention(es, 24, clock).run();

            assertEquals(List.of("swanledger-events-2023.12", "swanledger-sessions-2023.12"), deleted);
            assertTrue(es.indices().exists(e -> e.index("swanledger-sessions-2024.11")).value(), "24 months are kept");
            assertTrue(es.indices().exists(e -> e.index("swanledger-sessions-2026.11")).value());
            assertTrue(es.indices().exists(e -> e.index("swanledger-retention-unrelated-2000.01")).value(),
                    "nothing outside its own indices is touched");
            es.indices().refresh(r -> r.index(AuditIndices.AUDIT));
            var hits = es.search(s -> s.index(AuditIndices.AUDIT)
                    .query(q -> q.term(t -> t.field("event.action").value("retention-delete"))), Map.class).hits().hits();
            assertEquals(1, hits.size());
            assertEquals(deleted, hits.get(0).source().get("deleted"));
            assertEquals(List.of(), new Retention(es, 0, clock).run(), "0 keeps everything");
            assertTrue(es.exists(e -> e.index(AuditIndices.AUDIT).id("old-search")).value(), "the audit log is never deleted");
        }
    }
}
