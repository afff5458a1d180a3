package io.swanledger.query;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.json.jackson.JacksonJsonpMapper;
import co.elastic.clients.transport.rest_client.RestClientTransport;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.swanledger.audit.BulkWriter;
import io.swanledger.audit.ElasticsearchProjection;
import io.swanledger.audit.Retention;
import io.swanledger.audit.EventTimeline;
import io.swanledger.audit.SessionDocuments;
import java.net.URI;
import org.apache.http.HttpHost;
import org.apache.http.auth.AuthScope;
import org.apache.http.auth.UsernamePasswordCredentials;
import org.apache.http.impl.client.BasicCredentialsProvider;
import org.axonframework.config.ConfigurerModule;
import org.elasticsearch.client.RestClient;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.annotation.EnableScheduling;

/** The Elasticsearch client and the projection that feeds it. */
@Configuration(proxyBeanMethods = false)
@EnableScheduling
public class QuerySideConfiguration {

    @Bean(destroyMethod = "close")
    RestClient elasticsearchRestClient(@Value("${swanledger.elasticsearch.url:http://127.0.0.1:9200}") String url,
                                       @Value("${swanledger.elasticsearch.username:}") String username,
                                       @Value("${swanledger.elasticsearch.password:}") String password) {
        URI uri = URI.create(url);
        if (uri.getHost() == null || uri.getPort() < 0 && uri.getScheme() == null) {
            throw new IllegalStateException("swanledger.elasticsearch.url must look like http://host:9200, not " + url);
        }
        var builder = RestClient.builder(new HttpHost(uri.getHost(), uri.getPort() < 0 ? 9200 : uri.getPort(), uri.getScheme()))
                .setRequestConfigCallback(c -> c.setConnectTimeout(2_000).setSocketTimeout(60_000));
        if (!username.isEmpty()) {
            BasicCredentialsProvider credentials = new BasicCredentialsProvider();
            credentials.setCredentials(AuthScope.ANY, new UsernamePasswordCredentials(username, password));
            builder.setHttpClientConfigCallback(h -> h.setDefaultCredentialsProvider(credentials));
        }
        return builder.build();
    }

    @Bean
    ElasticsearchClient elasticsearchClient(RestClient rest) {
        ObjectMapper mapper = new ObjectMapper().findAndRegisterModules()
                .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);
        return new ElasticsearchClient(new RestClientTransport(rest, new JacksonJsonpMapper(mapper)));
    }

    @Bean
    BulkWriter bulkWriter(ElasticsearchClient es) {
        return new BulkWriter(es);
    }

    @Bean
    SessionDocuments sessionDocuments(BulkWriter bulk, ElasticsearchClient es) {
        return new SessionDocuments(bulk, es);
    }

    @Bean
    EventTimeline eventTimeline(BulkWriter bulk, @Qualifier("defaultAxonObjectMapper") ObjectMapper axonJson) {
        return new EventTimeline(bulk, axonJson);
    }

    @Bean
    Retention retention(ElasticsearchClient es, @Value("${swanledger.retention.months:0}") int months) {
        return new Retention(es, months, java.time.Clock.systemUTC());
    }

    /** Batches of up to 5,000 events: a month's replay went 7 % slower in batches of 1,000 (docs/benchmarks.md). */
    @Bean
    ConfigurerModule elasticsearchProjection(@Value("${swanledger.elasticsearch.batch-size:5000}") int batchSize) {
        return ElasticsearchProjection.module(batchSize);
    }
}
