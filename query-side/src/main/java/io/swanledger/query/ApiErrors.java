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
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/** Bad input → 400 naming the parameter; Elasticsearch unreachable → 503. Never a stack trace. */
@RestControllerAdvice
class ApiErrors {

    private static final Logger log = LoggerFactory.getLogger(ApiErrors.class);

    @ExceptionHandler(InvalidValueException.class)
    ResponseEntity<Map<String, Object>> badInput(InvalidValueException e) {
        return json(HttpStatus.BAD_REQUEST, e.getMessage());
    }

    @ExceptionHandler({IOException.class, TransportException.class})
    ResponseEntity<Map<String, Object>> unreachable(Exception e) {
        log.warn("Elasticsearch unreachable: {}", e.toString());
        return json(HttpStatus.SERVICE_UNAVAILABLE, "the audit store (Elasticsearch) is unavailable; try again later");
    }

    @ExceptionHandler(ElasticsearchException.class)
    ResponseEntity<Map<String, Object>> refused(ElasticsearchException e) {
        if ("index_not_found_exception".equals(e.error().type())) {
            return json(HttpStatus.OK, null);
        }
        log.warn("Elasticsearch refused a query: {}", e.getMessage());
        return json(HttpStatus.SERVICE_UNAVAILABLE, "the audit store refused the query");
    }

    private static ResponseEntity<Map<String, Object>> json(HttpStatus status, String message) {
        return ResponseEntity.status(status).contentType(MediaType.APPLICATION_JSON)
                .body(message == null ? Map.of() : Map.of("error", message));
    }
}
