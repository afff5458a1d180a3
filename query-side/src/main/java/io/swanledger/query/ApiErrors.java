package io.swanledger.query;

import co.elastic.clients.elasticsearch._types.ElasticsearchException;
import co.elastic.clients.transport.TransportException;
import io.swanledger.api.InvalidValueException;
import java.io.IOException;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.HttpMediaTypeNotAcceptableException;
import org.springframework.web.HttpRequestMethodNotSupportedException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.servlet.resource.NoResourceFoundException;

/**
 * Bad input → 400 naming the parameter; a wrong method 405, an Accept this API cannot answer 406, an
 * unknown path 404; Elasticsearch unreachable, or the audit record unwritable, → 503. Always JSON with
 * an {@code error}, never a stack trace.
 */
@RestControllerAdvice
class ApiErrors {

    private static final Logger log = LoggerFactory.getLogger(ApiErrors.class);

    @ExceptionHandler(InvalidValueException.class)
    ResponseEntity<Map<String, Object>> badInput(InvalidValueException e) {
        return json(HttpStatus.BAD_REQUEST, e.getMessage());
    }

    @ExceptionHandler(HttpRequestMethodNotSupportedException.class)
    ResponseEntity<Map<String, Object>> method(HttpRequestMethodNotSupportedException e) {
        return ResponseEntity.status(HttpStatus.METHOD_NOT_ALLOWED).contentType(MediaType.APPLICATION_JSON)
                .headers(h -> {
                    if (e.getSupportedHttpMethods() != null) {
                        h.setAllow(e.getSupportedHttpMethods());
                    }
                })
                .body(Map.of("error", e.getMethod() + " is not allowed here; this API only reads (GET)"));
    }

    @ExceptionHandler(HttpMediaTypeNotAcceptableException.class)
    ResponseEntity<Map<String, Object>> acceptable(HttpMediaTypeNotAcceptableException e) {
        return json(HttpStatus.NOT_ACCEPTABLE, "Accept: this resource answers in "
                + e.getSupportedMediaTypes().stream().map(MediaType::toString).distinct().toList());
    }

    @ExceptionHandler(NoResourceFoundException.class)
    ResponseEntity<Map<String, Object>> notFound(NoResourceFoundException e) {
        return json(HttpStatus.NOT_FOUND, "no such resource: /" + e.getResourcePath());
    }

    @ExceptionHandler(QueryAudit.Unavailable.class)
    ResponseEntity<Map<String, Object>> unaudited(QueryAudit.Unavailable e) {
        return json(HttpStatus.SERVICE_UNAVAILABLE, "the audit log cannot be written, so nothing is answered; try again later");
    }

    @ExceptionHandler({IOException.class, TransportException.class})
    ResponseEntity<Map<String, Object>> unreachable(Exception e) {
        log.warn("Elasticsearch unreachable: {}", e.toString());
        return json(HttpStatus.SERVICE_UNAVAILABLE, "the audit store (Elasticsearch) is unavailable; try again later");
    }

    @ExceptionHandler(ElasticsearchException.class)
    ResponseEntity<Map<String, Object>> refused(ElasticsearchException e) {
        log.warn("Elasticsearch refused a query: {}", e.getMessage());
        return json(HttpStatus.SERVICE_UNAVAILABLE, "the audit store refused the query");
    }

    private static ResponseEntity<Map<String, Object>> json(HttpStatus status, String message) {
        return ResponseEntity.status(status).contentType(MediaType.APPLICATION_JSON).body(Map.of("error", message));
    }
}
