package io.swanledger.report;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch._types.FieldValue;
import co.elastic.clients.elasticsearch._types.SortOrder;
import co.elastic.clients.elasticsearch._types.aggregations.Aggregate;
import co.elastic.clients.elasticsearch._types.aggregations.StringTermsBucket;
import co.elastic.clients.elasticsearch._types.query_dsl.Query;
import co.elastic.clients.elasticsearch._types.query_dsl.RangeRelation;
import co.elastic.clients.elasticsearch.core.SearchResponse;
import co.elastic.clients.elasticsearch.core.search.Hit;
import co.elastic.clients.json.JsonData;
import io.swanledger.audit.AuditIndices;
import io.swanledger.query.SessionQueries;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Compliance figures for a period [from, to): connections (sessions that started in it and were not
 * refused), unique accounts, sessions and accounts per lab VLAN, failed logins, peak concurrent
 * sessions, duration percentiles and bytes. Peak concurrency is exact: a sweep over every lease that
 * touches the period.
 */
public class Reports {

    private final ElasticsearchClient es;

    public Reports(ElasticsearchClient es) {
        this.es = es;
    }

    public Map<String, Object> report(String period, Instant from, Instant to) throws IOException {
        // the store may hold no month of this period yet: an empty report, not an error
        Query started = Query.of(q -> q.bool(b -> b
                .filter(f -> f.range(r -> r.untyped(u -> u.field("@timestamp").gte(JsonData.of(from.toString()))
                        .lt(JsonData.of(to.toString())))))
                .mustNot(m -> m.term(t -> t.field("session.status").value("refused")))));
        SearchResponse<Void> r = es.search(s -> s.index(AuditIndices.SESSIONS).ignoreUnavailable(true).allowNoIndices(true).size(0).query(started)
                .trackTotalHits(t -> t.enabled(true))
                .aggregations("accounts", a -> a.cardinality(c -> c.field("user.name").precisionThreshold(40_000)))
                .aggregations("vlans", a -> a.terms(t -> t.field("network.vlan.id").size(1000))
                        .aggregations("accounts", sub -> sub.cardinality(c -> c.field("user.name").precisionThreshold(40_000))))
                .aggregations("duration", a -> a.percentiles(p -> p.field("session.duration_seconds")
                        .percents(50.0, 90.0, 99.0)))
                .aggregations("per_day", a -> a.dateHistogram(h -> h.field("@timestamp")
                        .calendarInterval(co.elastic.clients.elasticsearch._types.aggregations.CalendarInterval.Day)
                        .minDocCount(0).extendedBounds(eb -> eb.min(co.elastic.clients.elasticsearch._types.aggregations.FieldDateMath.of(
                                fd -> fd.value(from.toEpochMilli())))
                                .max(co.elastic.clients.elasticsearch._types.aggregations.FieldDateMath.of(
                                        fd -> fd.value(to.toEpochMilli() - 1))))))
                .aggregations("durations", a -> a.range(x -> x.field("session.duration_seconds")
                        .ranges(DURATION_BUCKETS.stream().map(b -> co.elastic.clients.elasticsearch._types.aggregations.AggregationRange.of(
                                ar -> {
                                    ar.key(b.label());
                                    if (b.from() != null) {
                                        ar.from(b.from().doubleValue());
                                    }
                                    if (b.to() != null) {
                                        ar.to(b.to().doubleValue());
                                    }
                                    return ar;
                                })).toList())))
                .aggregations("bytes_in", a -> a.sum(x -> x.field("source.bytes")))
                .aggregations("bytes_out", a -> a.sum(x -> x.field("destination.bytes"))), Void.class);
        long failed = es.count(c -> c.index(AuditIndices.EVENTS).ignoreUnavailable(true).allowNoIndices(true).query(q -> q.bool(b -> b
                .filter(f -> f.term(t -> t.field("event.action").value("AuthenticationRejected")))
                .filter(f -> f.range(x -> x.untyped(u -> u.field("@timestamp").gte(JsonData.of(from.toString()))
                        .lt(JsonData.of(to.toString())))))))).count();

        Map<String, Object> out = new LinkedHashMap<>();
        out.put("period", period);
        out.put("from", from.toString());
        out.put("to", to.toString());
        out.put("connections", r.hits().total() == null ? 0 : r.hits().total().value());
        out.put("unique_accounts", r.aggregations().get("accounts").cardinality().value());
        List<Map<String, Object>> vlans = new ArrayList<>();
        Aggregate vlanAgg = r.aggregations().get("vlans");
        for (StringTermsBucket b : vlanAgg.sterms().buckets().array()) {
            vlans.add(Map.of("vlan", b.key().stringValue(), "sessions", b.docCount(),
                    "accounts", b.aggregations().get("accounts").cardinality().value()));
        }
        out.put("lab_vlans", vlans);
        out.put("failed_logins", failed);
        long[] peaks = peakConcurrencyPerDay(from, to);
        out.put("peak_concurrent_sessions", Arrays.stream(peaks).max().orElse(0));
        List<Map<String, Object>> days = new ArrayList<>();
        Aggregate perDay = r.aggregations().get("per_day");
        List<co.elastic.clients.elasticsearch._types.aggregations.DateHistogramBucket> buckets =
                perDay == null ? List.of() : perDay.dateHistogram().buckets().array();
        Map<Long, Long> perDayCount = new java.util.HashMap<>();
        buckets.forEach(b -> perDayCount.put(b.key(), b.docCount()));
        for (int d = 0; d < peaks.length; d++) {
            Instant day = from.plus(Duration.ofDays(d));
            long connections = perDayCount.getOrDefault(day.toEpochMilli(), 0L);
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("day", day.toString().substring(0, 10));
            row.put("connections", connections);
            row.put("peak_concurrent_sessions", peaks[d]);
            days.add(row);
        }
        out.put("per_day", days);
        List<Map<String, Object>> durations = new ArrayList<>();
        Aggregate durationAgg = r.aggregations().get("durations");
        if (durationAgg != null) {
            for (var b : durationAgg.range().buckets().array()) {
                durations.add(Map.of("bucket", b.key(), "sessions", b.docCount()));
            }
        }
        out.put("duration_distribution", durations);
        Map<String, Object> duration = new LinkedHashMap<>();
        r.aggregations().get("duration").tdigestPercentiles().values().keyed().forEach((k, v) ->
                duration.put("p" + k.replace(".0", ""), v == null || v.isEmpty() ? null : Math.round(Double.parseDouble(v))));
        out.put("duration_seconds", duration);
        long in = Math.round(r.aggregations().get("bytes_in").sum().value());
        long outBytes = Math.round(r.aggregations().get("bytes_out").sum().value());
        out.put("bytes", Map.of("from_clients", in, "to_clients", outBytes, "total", in + outBytes));
        return out;
    }

    /** A bucket of the duration distribution: [from, to) seconds, either end open. */
    record DurationBucket(String label, Long from, Long to) {
    }

    static final List<DurationBucket> DURATION_BUCKETS = List.of(new DurationBucket("< 1 min", null, 60L),
            new DurationBucket("1–10 min", 60L, 600L), new DurationBucket("10–60 min", 600L, 3600L),
            new DurationBucket("1–4 h", 3600L, 14_400L), new DurationBucket("4–12 h", 14_400L, 43_200L),
            new DurationBucket("≥ 12 h", 43_200L, null));

    /** The most leases alive at one instant within [from, to). */
    long peakConcurrency(Instant from, Instant to) throws IOException {
        return Arrays.stream(peakConcurrencyPerDay(from, to)).max().orElse(0);
    }

    /** For each UTC day of [from, to): the most leases alive at one instant of that day. */
    long[] peakConcurrencyPerDay(Instant from, Instant to) throws IOException {
        long lo = from.toEpochMilli();
        long hi = to.toEpochMilli();
        long[] starts = new long[1 << 16];
        long[] ends = new long[1 << 16];
        int n = 0;
        List<FieldValue> after = List.of();
        while (true) {
            List<FieldValue> a = after;
            SearchResponse<Map> page = es.search(s -> SessionQueries.page(s.index(AuditIndices.SESSIONS).size(10_000)
                    .query(q -> q.range(r -> r.untyped(u -> u.field("lease").gte(JsonData.of(from.toString()))
                            .lt(JsonData.of(to.toString())).relation(RangeRelation.Intersects))))
                    .source(src -> src.filter(f -> f.includes("lease")))
                    .sort(o -> o.field(f -> f.field("@timestamp").order(SortOrder.Asc)))
                    .sort(o -> o.field(f -> f.field("session.id").order(SortOrder.Asc))), a), Map.class);
            List<Hit<Map>> hits = page.hits().hits();
            for (Hit<Map> h : hits) {
                Object lease = h.source() == null ? null : h.source().get("lease");
                if (!(lease instanceof Map<?, ?> l) || l.get("gte") == null) {
                    continue;
                }
                if (n == starts.length) {
                    starts = Arrays.copyOf(starts, n * 2);
                    ends = Arrays.copyOf(ends, n * 2);
                }
                starts[n] = Math.max(lo, Instant.parse(l.get("gte").toString()).toEpochMilli());
                ends[n] = l.get("lt") == null ? hi : Math.min(hi, Instant.parse(l.get("lt").toString()).toEpochMilli());
                n++;
            }
            if (hits.size() < 10_000) {
                break;
            }
            after = hits.get(hits.size() - 1).sort();
        }
        long[] s = Arrays.copyOf(starts, n);
        long[] e = Arrays.copyOf(ends, n);
        Arrays.sort(s);
        Arrays.sort(e);
        long day = Duration.ofDays(1).toMillis();
        long[] peak = new long[(int) Math.max(1, (hi - lo + day - 1) / day)];
        long live = 0;
        int i = 0;
        int j = 0;
        int k = 0; // the next day whose start is still to be passed
        while (true) {
            long boundary = k < peak.length ? lo + k * day : Long.MAX_VALUE;
            // an end at T frees the slot before a start or a day begins at T (lease end is exclusive)
            if (j < n && e[j] <= boundary && (i >= n || e[j] <= s[i])) {
                live--;
                j++;
            } else if (i < n && s[i] < boundary) {
                live++;
                int d = (int) ((s[i] - lo) / day);
                peak[d] = Math.max(peak[d], live);
                i++;
            } else if (k < peak.length) {
                peak[k] = Math.max(peak[k], live); // the sessions carried into the day
                k++;
            } else {
                return peak;
            }
        }
    }
}
