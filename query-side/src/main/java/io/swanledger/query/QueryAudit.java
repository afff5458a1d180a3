package io.swanledger.query;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import io.swanledger.audit.AuditIndices;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.servlet.HandlerInterceptor;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/** Every call by a person is itself recorded: who asked what, when, from where, and the outcome. */
@Configuration(proxyBeanMethods = false)
class QueryAudit implements WebMvcConfigurer, HandlerInterceptor {

    private static final Logger log = LoggerFactory.getLogger(QueryAudit.class);

    private final ElasticsearchClient es;

    QueryAudit(ElasticsearchClient es) {
        this.es = es;
    }

    @Override
    public void addInterceptors(InterceptorRegistry registry) {
        registry.addInterceptor(this).addPathPatterns("/api/**");
    }

    @Override
    public void afterCompletion(HttpServletRequest request, HttpServletResponse response, Object handler, Exception ex) {
        Authentication who = SecurityContextHolder.getContext().getAuthentication();
        if (who == null) {
            return;
        }
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("@timestamp", Instant.now().toString());
        doc.put("user", Map.of("name", who.getName(),
                "roles", who.getAuthorities().stream().map(GrantedAuthority::getAuthority).toList()));
        doc.put("event", Map.of("action", "api-" + request.getMethod().toLowerCase(),
                "outcome", response.getStatus() < 400 ? "success" : "failure", "status", response.getStatus()));
        Map<String, Object> url = new LinkedHashMap<>();
        url.put("path", request.getRequestURI());
        if (request.getQueryString() != null) {
            url.put("query", request.getQueryString().length() > 2048 ? request.getQueryString().substring(0, 2048)
                    : request.getQueryString());
        }
        doc.put("url", url);
        doc.put("accept", String.valueOf(request.getHeader("Accept")));
        doc.put("source", Map.of("ip", request.getRemoteAddr()));
        try {
            es.index(i -> i.index(AuditIndices.AUDIT).document(doc));
        } catch (Exception e) {
            // Elasticsearch down: the call itself got a 503; say loudly that it went unrecorded.
            log.error("could not record API call by {} to {}: {}", who.getName(), request.getRequestURI(), e.toString());
        }
    }
}
