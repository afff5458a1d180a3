package io.swanledger.report;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import io.swanledger.api.InvalidValueException;
import java.io.IOException;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** {@code /api/reports/monthly?month=YYYY-MM} and {@code /yearly?year=YYYY}, in JSON or CSV (UTC periods). */
@RestController
class ReportQueries {

    private final Reports reports;

    ReportQueries(ElasticsearchClient es) {
        this.reports = new Reports(es);
    }

    @GetMapping(path = "/api/reports/monthly", produces = MediaType.APPLICATION_JSON_VALUE)
    Map<String, Object> monthly(@RequestParam(name = "month", required = false) String month) throws IOException {
        YearMonth m = month(month);
        return reports.report(m.toString(), m.atDay(1).atStartOfDay().toInstant(ZoneOffset.UTC),
                m.plusMonths(1).atDay(1).atStartOfDay().toInstant(ZoneOffset.UTC));
    }

    @GetMapping(path = "/api/reports/monthly", produces = "text/csv")
    ResponseEntity<String> monthlyCsv(@RequestParam(name = "month", required = false) String month) throws IOException {
        return csv(monthly(month));
    }

    @GetMapping(path = "/api/reports/yearly", produces = MediaType.APPLICATION_JSON_VALUE)
    Map<String, Object> yearly(@RequestParam(name = "year", required = false) String year) throws IOException {
        int y = year(year);
        return reports.report(String.valueOf(y), YearMonth.of(y, 1).atDay(1).atStartOfDay().toInstant(ZoneOffset.UTC),
                YearMonth.of(y + 1, 1).atDay(1).atStartOfDay().toInstant(ZoneOffset.UTC));
    }

    @GetMapping(path = "/api/reports/yearly", produces = "text/csv")
    ResponseEntity<String> yearlyCsv(@RequestParam(name = "year", required = false) String year) throws IOException {
        return csv(yearly(year));
    }

    private static YearMonth month(String text) {
        if (text == null || !text.matches("\\d{4}-\\d{2}")) {
            throw new InvalidValueException("month", "must be YYYY-MM", text);
        }
        try {
            return YearMonth.parse(text);
        } catch (java.time.DateTimeException e) {
            throw new InvalidValueException("month", "must be YYYY-MM", text);
        }
    }

    private static int year(String text) {
        if (text == null || !text.matches("\\d{4}")) {
            throw new InvalidValueException("year", "must be YYYY", text);
        }
        return Integer.parseInt(text);
    }

    /** metric,key,value rows: one per figure, one per VLAN figure, one per day and duration bucket. */
    @SuppressWarnings("unchecked")
    private static ResponseEntity<String> csv(Map<String, Object> report) {
        StringBuilder b = new StringBuilder("metric,key,value\n");
        report.forEach((k, v) -> {
            if (v instanceof List<?> list) {
                for (Object o : list) {
                    Map<String, Object> row = (Map<String, Object>) o;
                    switch (k) {
                        case "lab_vlans" -> {
                            line(b, "vlan_sessions", row.get("vlan"), row.get("sessions"));
                            line(b, "vlan_accounts", row.get("vlan"), row.get("accounts"));
                        }
                        case "per_day" -> {
                            line(b, "day_connections", row.get("day"), row.get("connections"));
                            line(b, "day_peak_concurrent_sessions", row.get("day"), row.get("peak_concurrent_sessions"));
                        }
                        default -> line(b, "duration_sessions", row.get("bucket"), row.get("sessions"));
                    }
                }
            } else if (v instanceof Map<?, ?> m) {
                m.forEach((k2, v2) -> line(b, k, k2, v2));
            } else {
                line(b, k, null, v);
            }
        });
        return ResponseEntity.ok().contentType(MediaType.parseMediaType("text/csv; charset=UTF-8")).body(b.toString());
    }

    private static void line(StringBuilder b, Object metric, Object key, Object value) {
        b.append(metric).append(',').append(key == null ? "" : key).append(',').append(value == null ? "" : value).append('\n');
    }
}
