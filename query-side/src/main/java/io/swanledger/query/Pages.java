package io.swanledger.query;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch._types.FieldValue;
import co.elastic.clients.elasticsearch._types.SortOrder;
import co.elastic.clients.elasticsearch._types.query_dsl.Query;
import co.elastic.clients.elasticsearch.core.SearchRequest;
import co.elastic.clients.elasticsearch.core.SearchResponse;
import co.elastic.clients.elasticsearch.core.search.Hit;
import io.swanledger.api.InvalidValueException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Pages an auditor can cite: a stable sort (time, then an id as tiebreaker), the total count, and
 * cursors to the next and the previous page ({@code after} / {@code before}), past Elasticsearch's
 * 10,000-hit window. A missing index is an empty result of the same shape.
 */
final class Pages {

    /** How a page is asked for: its size and at most one cursor. */
    record Request(int size, QueryParams.Cursor after, QueryParams.Cursor before) {

        static Request of(Params p, int byDefault) {
            if (p.has("after") && p.has("before")) {
                throw new InvalidValueException("before", "cannot be given together with after");
            }
            return new Request(QueryParams.size(p.get("size"), byDefault), QueryParams.Cursor.decode("after", p.get("after")),
                    QueryParams.Cursor.decode("before", p.get("before")));
        }
    }

    private Pages() {
    }

    /**
     * One page of {@code index} matching {@code query}, ordered by {@code timeField} then {@code idField},
     * newest first when {@code newestFirst}; the items under {@code key}.
     */
    static Map<String, Object> page(ElasticsearchClient es, String index, Query query, String timeField, String idField,
                                    boolean newestFirst, Request r, String key) throws IOException {
        return page(es, index, query, timeField, idField, false, newestFirst, r, key);
    }

    /** As above; {@code numericId} when the tiebreaker is a number (the store's position of an event). */
    static Map<String, Object> page(ElasticsearchClient es, String index, Query query, String timeField, String idField,
                                    boolean numericId, boolean newestFirst, Request r, String key) throws IOException {
        boolean backwards = r.before() != null;
        QueryParams.Cursor cursor = backwards ? r.before() : r.after();
        if (numericId && cursor != null && !cursor.id().matches("\\d{1,19}")) {
            throw new InvalidValueException(backwards ? "before" : "after", "is not a cursor this API returned here");
        }
        SortOrder order = newestFirst != backwards ? SortOrder.Desc : SortOrder.Asc;
        @SuppressWarnings("unchecked")
        SearchResponse<Map> res = es.search(s -> {
            SearchRequest.Builder b = s.index(index).ignoreUnavailable(true).allowNoIndices(true).query(query).size(r.size())
                    .sort(o -> o.field(f -> f.field(timeField).order(order)))
                    .sort(o -> o.field(f -> f.field(idField).order(order).missing("_last")))
                    .trackTotalHits(t -> t.enabled(true));
            if (cursor == null) {
                return b;
            }
            return b.searchAfter(FieldValue.of(cursor.timestamp()),
                    numericId ? FieldValue.of(Long.parseLong(cursor.id())) : FieldValue.of(cursor.id()));
        }, Map.class);
        List<Hit<Map>> hits = new ArrayList<>(res.hits().hits());
        if (backwards) {
            Collections.reverse(hits);
        }
        List<Map<String, Object>> items = new ArrayList<>();
        hits.forEach(h -> items.add(h.source()));
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("total", res.hits().total() == null ? items.size() : res.hits().total().value());
        out.put(key, items);
        boolean full = hits.size() == r.size();
        if (!hits.isEmpty()) {
            // forwards: more may follow when the page is full, and there was a page before when a cursor led here
            if (backwards || full) {
                out.put("next", cursor(hits.get(hits.size() - 1)));
            }
            if (backwards ? full : r.after() != null) {
                out.put("previous", cursor(hits.get(0)));
            }
        }
        return out;
    }

    static String cursor(Hit<Map> hit) {
        List<FieldValue> sort = hit.sort();
        FieldValue id = sort.get(1);
        String text = id.isLong() ? Long.toString(id.longValue()) : id.isString() ? id.stringValue() : "-";
        return new QueryParams.Cursor(sort.get(0).longValue(), text).encode();
    }
}
