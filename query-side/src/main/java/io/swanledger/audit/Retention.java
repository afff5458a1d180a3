package io.swanledger.audit;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;

/**
 * Deletes monthly session and timeline indices older than {@code swanledger.retention.months}
 * (0, the default, keeps everything), once a day, and records in the audit index what it deleted.
 * The event store keeps the full history: a deleted month can be rebuilt by a replay.
 */
public class Retention {

    private static final Logger log = LoggerFactory.getLogger(Retention.class);
    private static final Pattern MONTHLY = Pattern.compile("(swanledger-(?:sessions|events))-(\\d{4})\\.(\\d{2})");

    private final ElasticsearchClient es;
    private final int months;
    private final Clock clock;

    public Retention(ElasticsearchClient es, int months, Clock clock) {
        if (months < 0 || months > 1200) {
            throw new IllegalStateException("swanledger.retention.months must be 0 (keep everything) to 1200, not " + months);
        }
        this.es = es;
        this.months = months;
        this.clock = clock;
    }

    @Scheduled(cron = "${swanledger.retention.cron:0 15 3 * * *}", zone = "UTC")
    public void daily() {
        try {
            run();
        } catch (IOException | RuntimeException e) {
            log.error("retention run failed (it runs again tomorrow): {}", e.toString());
        }
    }

    /** Deletes what is due and returns the names deleted. */
    public List<String> run() throws IOException {
        if (months == 0) {
            return List.of();
        }
        YearMonth oldestKept = YearMonth.now(clock.withZone(ZoneOffset.UTC)).minusMonths(months);
        List<String> due = new ArrayList<>();
        for (String name : es.indices().get(g -> g.index("swanledger-sessions-*", "swanledger-events-*")
                .ignoreUnavailable(true).allowNoIndices(true)).result().keySet()) {
            Matcher m = MONTHLY.matcher(name);
            if (m.matches() && YearMonth.of(Integer.parseInt(m.group(2)), Integer.parseInt(m.group(3))).isBefore(oldestKept)) {
                due.add(name);
            }
        }
        due.sort(null);
        if (due.isEmpty()) {
            return due;
        }
        es.indices().delete(d -> d.index(due));
        Map<String, Object> record = new LinkedHashMap<>();
        record.put("@timestamp", Instant.now(clock).toString());
        record.put("user", Map.of("name", "swanledger-retention"));
        record.put("event", Map.of("id", java.util.UUID.randomUUID().toString(), "action", "retention-delete", "outcome", "success"));
        record.put("deleted", due);
        record.put("retention_months", months);
        es.index(i -> i.index(AuditIndices.AUDIT).document(record));
        log.info("retention ({} months) deleted {}", months, due);
        return due;
    }
}
