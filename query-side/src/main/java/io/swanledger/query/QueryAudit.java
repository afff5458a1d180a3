package io.swanledger.query;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import io.swanledger.audit.AuditIndices;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.event.EventListener;
import org.springframework.core.MethodParameter;
import org.springframework.http.MediaType;
import org.springframework.http.converter.HttpMessageConverter;
import org.springframework.http.server.ServerHttpRequest;
import org.springframework.http.server.ServerHttpResponse;
import org.springframework.http.server.ServletServerHttpRequest;
import org.springframework.http.server.ServletServerHttpResponse;
import org.springframework.security.authentication.event.AbstractAuthenticationFailureEvent;
import org.springframework.security.authorization.event.AuthorizationDeniedEvent;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.stereotype.Component;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.servlet.HandlerInterceptor;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;
import org.springframework.web.servlet.mvc.method.annotation.ResponseBodyAdvice;

/**
 * Every call is recorded in the audit index: who (the person, as authenticated), what (path and
 * query), when, from where (the client address, behind a trusted proxy the one it forwarded), how
 * many results, whether it was an export, and the outcome — refusals (401, 403) included.
 * <p>
 * An answer is written only after its record is: a record that cannot be written turns the answer
 * into a 503 (fail closed). Refusals and errors are recorded as well as the store allows (nothing is
 * answered that could leak). Order: Spring Security's events for 401/403, the body advice for answers,
 * {@link #recordNow} for streamed exports, the interceptor for whatever is left.
 */
@RestControllerAdvice
@Component
class QueryAudit implements ResponseBodyAdvice<Object>, HandlerInterceptor, WebMvcConfigurer {

    private static final Logger log = LoggerFactory.getLogger(QueryAudit.class);
    private static final String RECORDED = QueryAudit.class.getName() + ".recorded";

    /** The audit record could not be written: the answer is withheld. */
    static final class Unavailable extends RuntimeException {
        Unavailable(Throwable cause) {
            super(cause);
        }
    }

    private final ElasticsearchClient es;

    QueryAudit(ElasticsearchClient es) {
        this.es = es;
    }

    @Override
    public void addInterceptors(InterceptorRegistry registry) {
        registry.addInterceptor(this).addPathPatterns("/api/**");
    }

    @Override
    public boolean supports(MethodParameter returnType, Class<? extends HttpMessageConverter<?>> converterType) {
        return true;
    }

    @Override
    public Object beforeBodyWrite(Object body, MethodParameter returnType, MediaType contentType,
                                  Class<? extends HttpMessageConverter<?>> converterType, ServerHttpRequest request,
                                  ServerHttpResponse response) {
        if (!(request instanceof ServletServerHttpRequest req) || !(response instanceof ServletServerHttpResponse res)
                || !req.getServletRequest().getRequestURI().startsWith("/api/")) {
            return body;
        }
        HttpServletRequest r = req.getServletRequest();
        int status = res.getServletResponse().getStatus();
        if (r.getAttribute(RECORDED) != null) {
            return body;
        }
        if (status >= 400) {
            recordQuietly(r, status, null);
            return body;
        }
        recordNow(r, status, results(body), false);
        return body;
    }

    /** Records a successful call before its answer leaves; throws {@link Unavailable} when it cannot. */
    void recordNow(HttpServletRequest request, int status, Long results, boolean export) {
        request.setAttribute(RECORDED, Boolean.TRUE);
        Authentication who = SecurityContextHolder.getContext().getAuthentication();
        try {
            Map<String, Object> doc = record(request, who == null ? "anonymous" : who.getName(), roles(who), status, null);
            doc.put("results", results);
            doc.put("export", export);
            // acknowledged means written to the translog: durable, though searchable only after the next refresh
            es.index(i -> i.index(AuditIndices.AUDIT).id((String) ((Map<?, ?>) doc.get("event")).get("id")).document(doc));
        } catch (Exception e) {
            log.error("could not record the call by {} to {}; it is refused: {}", who == null ? "?" : who.getName(),
                    request.getRequestURI(), e.toString());
            throw new Unavailable(e);
        }
    }

    @Override
    public void afterCompletion(HttpServletRequest request, HttpServletResponse response, Object handler, Exception ex) {
        if (request.getAttribute(RECORDED) == null) {
            recordQuietly(request, response.getStatus(), null);
        }
    }

    @EventListener
    void on(AuthorizationDeniedEvent<?> e) {
        if (e.getSource() instanceof HttpServletRequest r && r.getRequestURI().startsWith("/api/")
                && r.getAttribute(RECORDED) == null) {
            Authentication who = e.getAuthentication().get();
            boolean anonymous = who == null || !who.isAuthenticated()
                    || "anonymousUser".equals(who.getName());
            recordQuietly(r, anonymous ? 401 : 403, anonymous ? basicUser(r) : null);
        }
    }

    @EventListener
    void on(AbstractAuthenticationFailureEvent e) {
        var r = org.springframework.web.context.request.RequestContextHolder.getRequestAttributes();
        if (r instanceof org.springframework.web.context.request.ServletRequestAttributes s
                && s.getRequest().getAttribute(RECORDED) == null) {
            recordQuietly(s.getRequest(), 401, String.valueOf(e.getAuthentication().getName()));
        }
    }

    private void recordQuietly(HttpServletRequest request, int status, String claimed) {
        request.setAttribute(RECORDED, Boolean.TRUE);
        Authentication who = SecurityContextHolder.getContext().getAuthentication();
        String name = claimed != null ? claimed : who == null ? "anonymous" : who.getName();
        try {
            Map<String, Object> doc = record(request, name, claimed != null ? List.of() : roles(who), status,
                    claimed != null ? "claimed" : null);
            es.index(i -> i.index(AuditIndices.AUDIT).id((String) ((Map<?, ?>) doc.get("event")).get("id")).document(doc));
        } catch (Exception e) {
            log.error("could not record a refused call ({}) by {} to {}: {}", status, name, request.getRequestURI(), e.toString());
        }
    }

    private static Map<String, Object> record(HttpServletRequest request, String name, List<String> roles, int status,
                                              String nameIs) {
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("@timestamp", Instant.now().toString());
        Map<String, Object> user = new LinkedHashMap<>();
        user.put("name", name.length() > 128 ? name.substring(0, 128) : name);
        user.put("roles", roles);
        if (nameIs != null) {
            user.put("name_is", nameIs); // a name from a refused login: what was typed, not who it was
        }
        doc.put("user", user);
        doc.put("event", Map.of("id", UUID.randomUUID().toString(), "action", action(request, status),
                "outcome", status < 400 ? "success" : "failure"));
        doc.put("http", Map.of("request", Map.of("method", request.getMethod()), "response", Map.of("status_code", status)));
        Map<String, Object> url = new LinkedHashMap<>();
        url.put("path", request.getRequestURI());
        if (request.getQueryString() != null) {
            String q = request.getQueryString();
            url.put("query", q.length() > 2048 ? q.substring(0, 2048) : q);
        }
        doc.put("url", url);
        doc.put("accept", String.valueOf(request.getHeader("Accept")));
        doc.put("source", Map.of("ip", request.getRemoteAddr()));
        return doc;
    }

    /** What the person did, in the words of the audit page. */
    static String action(HttpServletRequest request, int status) {
        String path = request.getRequestURI();
        if (status == 401 || status == 403) {
            return "refused";
        }
        String accept = String.valueOf(request.getHeader("Accept"));
        if (path.equals("/api/sessions") && accept.contains("text/csv")) {
            return "export";
        }
        if (path.startsWith("/api/reports")) {
            return accept.contains("text/csv") ? "export-report" : "report";
        }
        if (path.startsWith("/api/sessions/")) {
            return "read-session";
        }
        if (path.startsWith("/api/audit")) {
            return "read-audit-log";
        }
        if (path.equals("/api/whoami")) {
            return "login";
        }
        return "search";
    }

    private static List<String> roles(Authentication who) {
        return who == null ? List.of() : who.getAuthorities().stream().map(GrantedAuthority::getAuthority).toList();
    }

    /** The user name of a Basic header (never the password), for a refused call. */
    private static String basicUser(HttpServletRequest r) {
        String h = r.getHeader("Authorization");
        if (h == null || !h.regionMatches(true, 0, "Basic ", 0, 6)) {
            return "anonymous";
        }
        try {
            String decoded = new String(Base64.getDecoder().decode(h.substring(6).trim()), StandardCharsets.UTF_8);
            int colon = decoded.indexOf(':');
            return colon < 0 ? "anonymous" : decoded.substring(0, colon);
        } catch (IllegalArgumentException e) {
            return "anonymous";
        }
    }

    /** The count a search found: its total, or the length of its list; one for a single record. */
    private static Long results(Object body) {
        if (body instanceof Map<?, ?> m) {
            if (m.get("total") instanceof Number n) {
                return n.longValue();
            }
            for (String list : List.of("sessions", "events", "records", "routes")) {
                if (m.get(list) instanceof Collection<?> c) {
                    return (long) c.size();
                }
            }
            return 1L;
        }
        return null;
    }
}
