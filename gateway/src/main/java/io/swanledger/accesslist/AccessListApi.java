package io.swanledger.accesslist;

import io.swanledger.api.Inputs;
import io.swanledger.api.InvalidValueException;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code POST /api/access-list} (OPERATOR): the export in the body (text/plain, UTF-8);
 * {@code dry-run=true} answers with the diff and records nothing, otherwise it is imported as the
 * operator. 200 with the outcome (applied, unchanged, preview), 422 with every bad line for a refused
 * export (the list in force stays), 503 when the store did not record it. {@code GET /api/access-list}
 * answers the last load of each channel.
 */
@RestController
class AccessListApi {

    private final AccessListImports imports;

    AccessListApi(AccessListImports imports) {
        this.imports = imports;
    }

    @PostMapping("/api/access-list")
    ResponseEntity<AccessListImports.Outcome> load(@RequestParam(name = "dry-run", defaultValue = "false") boolean dryRun,
                                                   @RequestParam(name = "source", defaultValue = "api") String source,
                                                   HttpServletRequest request, Authentication who) throws IOException {
        String checkedSource;
        try {
            checkedSource = Inputs.text("source", source, 200);
        } catch (InvalidValueException e) {
            return ResponseEntity.badRequest().build();
        }
        var decoder = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        AccessListImports.Outcome o = imports.load("api", checkedSource,
                new InputStreamReader(request.getInputStream(), decoder), who.getName(), dryRun);
        HttpStatus status = switch (o.result()) {
            case "refused" -> HttpStatus.UNPROCESSABLE_ENTITY;
            case "failed" -> HttpStatus.SERVICE_UNAVAILABLE;
            default -> HttpStatus.OK;
        };
        return ResponseEntity.status(status).body(o);
    }

    @GetMapping("/api/access-list")
    Map<String, AccessListImports.Outcome> last() {
        return imports.last();
    }
}
