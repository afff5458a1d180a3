package io.swanledger.query;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.swanledger.api.InvalidValueException;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class QueryParamsTest {

    @Test
    void readsInstantsWithAnOffset() {
        assertEquals(Instant.parse("2026-03-12T05:05:00Z"), QueryParams.instant("at", "2026-03-12T14:05:00+09:00"));
        assertEquals(Instant.parse("2026-03-12T05:05:00Z"), QueryParams.instant("at", "2026-03-12T05:05:00Z"));
        assertThrows(InvalidValueException.class, () -> QueryParams.instant("at", "2026-03-12T14:05:00"));
        assertThrows(InvalidValueException.class, () -> QueryParams.instant("at", "1741756000"));
    }

    @Test
    void aCursorRoundTripsAndAForgedOneIsRefused() {
        QueryParams.Cursor c = new QueryParams.Cursor(1741756000000L, "0f1e2d3c-aaaa-bbbb-cccc-0123456789ab");
        assertEquals(c, QueryParams.Cursor.decode("after", c.encode()));
        assertThrows(InvalidValueException.class, () -> QueryParams.Cursor.decode("after", "bm9wZQ"));
        assertThrows(InvalidValueException.class, () -> QueryParams.Cursor.decode("after",
                java.util.Base64.getUrlEncoder().encodeToString("1:\"}},{\"match_all".getBytes())));
    }

    @Test
    void pageSizesAndStatusesAreBounded() {
        assertEquals(50, QueryParams.size(null));
        assertEquals(1000, QueryParams.size("1000"));
        assertThrows(InvalidValueException.class, () -> QueryParams.size("1001"));
        assertThrows(InvalidValueException.class, () -> QueryParams.size("0"));
        assertThrows(InvalidValueException.class, () -> QueryParams.status("open OR 1=1"));
        assertThrows(InvalidValueException.class, () -> Params.of(multi("script", "x"), java.util.Set.of("account")));
        InvalidValueException twice = assertThrows(InvalidValueException.class,
                () -> Params.of(multi("account", "a", "account", "b"), java.util.Set.of("account")));
        assertEquals("account", twice.field());
        InvalidValueException ignored = assertThrows(InvalidValueException.class,
                () -> Params.of(multi("ip", "10.1.0.1", "size", "5"), java.util.Set.of("ip", "size")).onlyFor("here", java.util.Set.of("ip")));
        assertEquals("size", ignored.field());
    }

    @Test
    void messagesNameTheParameterAsTheCallerWroteIt() {
        assertEquals("vlan", assertThrows(InvalidValueException.class, () -> QueryParams.vlan("12x")).field());
        assertEquals("peer", assertThrows(InvalidValueException.class, () -> QueryParams.peer("nowhere")).field());
        assertEquals("type", assertThrows(InvalidValueException.class, () -> QueryParams.eventType("SessionExploded")).field());
        assertEquals("SessionClosed", QueryParams.eventType("SessionClosed"));
        assertEquals("id", assertThrows(InvalidValueException.class, () -> QueryParams.sessionId("nope")).field());
    }

    private static org.springframework.util.MultiValueMap<String, String> multi(String... pairs) {
        var m = new org.springframework.util.LinkedMultiValueMap<String, String>();
        for (int i = 0; i < pairs.length; i += 2) {
            m.add(pairs[i], pairs[i + 1]);
        }
        return m;
    }

    @Test
    void csvCellsCannotCarryFormulasOrBreakRows() {
        assertEquals("\"'=HYPERLINK(\"\"x\"\")\"", Csv.cell("=HYPERLINK(\"x\")"));
        assertEquals("'-1", Csv.cell("-1"));
        assertEquals("\"a,b\"", Csv.cell("a,b"));
        assertEquals("\"line\nbreak\"", Csv.cell("line\nbreak"));
        assertEquals("10.1.0.37,alice\n", Csv.row(List.of("source.ip", "user.name"),
                Map.of("source", Map.of("ip", "10.1.0.37"), "user", Map.of("name", "alice"))));
    }
}
