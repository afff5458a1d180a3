package io.swanledger.ui;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * The gateways' operator API, called as the operator signed in: the gateway checks their role and
 * records their name on the close. The answer says what the gateway did; the close itself is
 * confirmed only when its {@code SessionClosed} reaches the query side.
 */
class Gateways {

    record Termination(int status, String message, String strongswan) {

        boolean accepted() {
            return status == 200;
        }
    }

    private static final ObjectMapper JSON = new ObjectMapper();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(3)).build();

    Termination terminate(UiProperties.Gateway gateway, Person who, String sessionId, String reason) {
        URI uri = gateway.url().resolve("/api/sessions/" + sessionId + "/terminate?reason="
                + URLEncoder.encode(reason, StandardCharsets.UTF_8));
        HttpRequest request = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(30))
                .header("Authorization", QuerySide.basic(who.name(), who.password()))
                .header("Accept", "application/json")
                .POST(HttpRequest.BodyPublishers.noBody()).build();
        try {
            HttpResponse<String> r = http.send(request, HttpResponse.BodyHandlers.ofString());
            JsonNode json = r.body().isBlank() ? JSON.createObjectNode() : JSON.readTree(r.body());
            String message = switch (r.statusCode()) {
                case 200 -> "the gateway recorded the close";
                case 401 -> "the gateway did not accept your credentials";
                case 403 -> "your role does not allow terminating on this gateway";
                default -> json.path("error").asText("the gateway answered " + r.statusCode());
            };
            return new Termination(r.statusCode(), message, json.path("strongswan").asText(null));
        } catch (IOException e) {
            return new Termination(503, "gateway " + gateway.name() + " cannot be reached at " + gateway.url(), null);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Termination(503, "interrupted", null);
        }
    }
}
