package io.swanledger.ui;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.context.request.ServletRequestAttributes;

/**
 * The query side's API, called as the person signed in (HTTP Basic with their own name and password)
 * and with the browser's address in {@code X-Forwarded-For}, which the query side trusts only from a
 * proxy it was told about. Its answers map to exceptions the pages show: a 400's message, 403, 404,
 * 503.
 */
class QuerySide {

    record Answer(int status, JsonNode json) {

        /**
         * The answer as nested maps and lists, which templates read as {@code s.user?.name}: a field a
         * document does not have reads as null rather than failing the page.
         */
        @SuppressWarnings("unchecked")
        Map<String, Object> map() {
            return (Map<String, Object>) lenient(json);
        }

        private static Object lenient(JsonNode n) {
            if (n == null || n.isNull() || n.isMissingNode()) {
                return null;
            }
            if (n.isObject()) {
                Lenient m = new Lenient();
                n.fields().forEachRemaining(e -> m.put(e.getKey(), lenient(e.getValue())));
                return m;
            }
            if (n.isArray()) {
                java.util.List<Object> l = new java.util.ArrayList<>();
                n.forEach(x -> l.add(lenient(x)));
                return l;
            }
            if (n.isBoolean()) {
                return n.booleanValue();
            }
            if (n.isIntegralNumber()) {
                return n.longValue();
            }
            if (n.isNumber()) {
                return n.doubleValue();
            }
            return n.asText();
        }
    }

    /** A map in which every key is "present" (absent ones are null), so that SpEL reads a missing field as null. */
    static final class Lenient extends java.util.LinkedHashMap<String, Object> {
        @java.io.Serial
        private static final long serialVersionUID = 1L;

        Lenient() {
        }

        Lenient(Map<String, ?> m) {
            super(m);
        }

        @Override
        public boolean containsKey(Object key) {
            return true;
        }
    }

    /** The query side did not accept the person's credentials (401). */
    static class Refused extends RuntimeException {
        Refused() {
            super("not signed in at the query side");
        }
    }

    /** The person's role does not allow this (403). */
    static class Forbidden extends RuntimeException {
        Forbidden(String what) {
            super(what);
        }
    }

    /** The request was wrong (400), with the query side's message naming the parameter. */
    static class BadInput extends RuntimeException {
        BadInput(String message) {
            super(message);
        }
    }

    static class NotFound extends RuntimeException {
        NotFound(String message) {
            super(message);
        }
    }

    /** The query side, or what is behind it, cannot answer now (5xx, or unreachable). */
    static class Unavailable extends RuntimeException {
        Unavailable(String message) {
            super(message);
        }
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    private final URI base;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(3)).build();

    QuerySide(URI base) {
        this.base = base;
    }

    Answer get(Person who, String path, Map<String, String> query) {
        HttpResponse<InputStream> r = send(who, path, query, "application/json");
        try (InputStream body = r.body()) {
            JsonNode json = JSON.readTree(body);
            check(r.statusCode(), json);
            return new Answer(r.statusCode(), json);
        } catch (IOException e) {
            throw new Unavailable("the query side's answer could not be read: " + e.getMessage());
        }
    }

    /** A streamed answer (a CSV file) with its headers; the caller closes the body. */
    HttpResponse<InputStream> stream(Person who, String path, Map<String, String> query, String accept) {
        HttpResponse<InputStream> r = send(who, path, query, accept);
        if (r.statusCode() >= 400) {
            try (InputStream body = r.body()) {
                check(r.statusCode(), JSON.readTree(body));
            } catch (IOException e) {
                check(r.statusCode(), null);
            }
        }
        return r;
    }

    /** A CSV answer streamed on to the browser as it arrives, with the named headers of the query side's answer. */
    void relayCsv(Person who, String path, Map<String, String> query, jakarta.servlet.http.HttpServletResponse response,
                  String... headers) throws IOException {
        HttpResponse<InputStream> r = stream(who, path, query, "text/csv");
        response.setContentType("text/csv; charset=UTF-8");
        for (String h : headers) {
            r.headers().firstValue(h).ifPresent(v -> response.setHeader(h, v));
        }
        try (InputStream in = r.body(); java.io.OutputStream out = response.getOutputStream()) {
            in.transferTo(out);
        }
    }

    private HttpResponse<InputStream> send(Person who, String path, Map<String, String> query, String accept) {
        HttpRequest.Builder b = HttpRequest.newBuilder(base.resolve(path + queryString(query)))
                .timeout(Duration.ofSeconds(60))
                .header("Accept", accept)
                .header("Authorization", basic(who.name(), who.password()));
        String client = clientAddress();
        if (client != null) {
            b.header("X-Forwarded-For", client);
        }
        try {
            return http.send(b.GET().build(), HttpResponse.BodyHandlers.ofInputStream());
        } catch (IOException e) {
            throw new Unavailable("the query side at " + base + " cannot be reached");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new Unavailable("interrupted");
        }
    }

    private static void check(int status, JsonNode json) {
        String message = json == null ? "" : json.path("error").asText("");
        switch (status / 100 == 2 ? 200 : status) {
            case 200 -> {
            }
            case 401 -> throw new Refused();
            case 403 -> throw new Forbidden(message.isEmpty() ? "your role does not allow this" : message);
            case 400 -> throw new BadInput(message);
            case 404 -> throw new NotFound(message);
            default -> throw new Unavailable(message.isEmpty() ? "the query side answered " + status : message);
        }
    }

    static String queryString(Map<String, String> query) {
        if (query == null || query.isEmpty()) {
            return "";
        }
        StringBuilder b = new StringBuilder();
        query.forEach((k, v) -> {
            if (v != null) {
                b.append(b.isEmpty() ? '?' : '&').append(URLEncoder.encode(k, StandardCharsets.UTF_8)).append('=')
                        .append(URLEncoder.encode(v, StandardCharsets.UTF_8));
            }
        });
        return b.toString();
    }

    static String basic(String name, char[] password) {
        CharBuffer chars = CharBuffer.allocate(name.length() + 1 + password.length);
        chars.put(name).put(':').put(password).flip();
        ByteBuffer bytes = StandardCharsets.UTF_8.encode(chars);
        byte[] raw = new byte[bytes.remaining()];
        bytes.get(raw);
        return "Basic " + Base64.getEncoder().encodeToString(raw);
    }

    /** The browser's address as this server sees it (itself behind a trusted proxy, the one forwarded). */
    private static String clientAddress() {
        if (RequestContextHolder.getRequestAttributes() instanceof ServletRequestAttributes a) {
            HttpServletRequest r = a.getRequest();
            return r.getRemoteAddr();
        }
        return null;
    }
}
