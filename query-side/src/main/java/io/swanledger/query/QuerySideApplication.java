package io.swanledger.query;

import io.swanledger.commandside.Launcher;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * The query side: projects the event store into Elasticsearch and serves searches and reports.
 * {@code java -jar query-side-exec.jar --spring.config.additional-location=file:/etc/swanledger/query.yml}
 */
@SpringBootApplication(scanBasePackages = {"io.swanledger.query", "io.swanledger.report"})
public class QuerySideApplication {

    public static void main(String[] args) {
        Launcher.run(QuerySideApplication.class, "swanledger-query", args);
    }
}
