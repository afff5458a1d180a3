package io.swanledger.lab;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The demo, started as ./swanledger demo starts it (non-interactively here): a demo client's address
 * is answered by the audit API's who-held query with the right account; stopped, it leaves no process
 * and no network namespace (the routing rules and nft sets lived inside them).
 */
class DemoTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void answersWhoHeldADemoClientsAddressAndLeavesNothingBehind() throws Exception {
        assumeTrue(Lab.available(), "needs root and strongswan-charon");
        ByteArrayOutputStream progress = new ByteArrayOutputStream();
        Demo demo = Demo.start(new Demo.Options(2, false, freePort(), freePort(), freePort(),
                Path.of(System.getProperty("swanledger.jars", ".."))), new PrintStream(progress, true, StandardCharsets.UTF_8));
        List<String> namespaces = demo.namespaces();
        List<Process> processes = demo.processes();
        try {
            assertTrue(progress.toString(StandardCharsets.UTF_8).contains("[8/8]"), progress.toString(StandardCharsets.UTF_8));
            HttpResponse<String> ui = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + demo.uiPort() + "/login")).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(200, ui.statusCode(), "the audit UI answers");
            JsonNode session = await(() -> {
                JsonNode r = get(demo, "/api/sessions?account=alice");
                return r.path("total").asLong() > 0 && r.at("/sessions/0/source/ip").isTextual() ? r.at("/sessions/0") : null;
            }, "alice's session reaches the audit trail");
            String ip = session.at("/source/ip").asText();
            Instant at = Instant.parse(session.at("/@timestamp").asText()).plusSeconds(1);
            JsonNode held = get(demo, "/api/sessions?ip=" + ip + "&at=" + URLEncoder.encode(at.toString(), StandardCharsets.UTF_8));
            assertEquals("alice", held.at("/sessions/0/user/name").asText(), held.toString());
        } finally {
            demo.close();
        }
        for (Process p : processes) {
            assertFalse(p.isAlive(), "the demo's applications are stopped");
        }
        Process list = new ProcessBuilder("ip", "netns", "list").redirectErrorStream(true).start();
        String left = new String(list.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        for (String ns : namespaces) {
            assertFalse(left.contains(ns), ns + " is left behind: " + left);
        }
    }

    private interface Probe {
        JsonNode get() throws Exception;
    }

    private static JsonNode await(Probe probe, String what) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
        while (System.nanoTime() < deadline) {
            JsonNode v = probe.get();
            if (v != null) {
                return v;
            }
            Thread.sleep(1000);
        }
        throw new AssertionError("not within 120 s: " + what);
    }

    private static JsonNode get(Demo demo, String path) throws Exception {
        HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + demo.queryPort() + path)).timeout(Duration.ofSeconds(20))
                .header("Authorization", "Basic " + Base64.getEncoder().encodeToString(("auditor:" + demo.auditorPassword())
                        .getBytes(StandardCharsets.UTF_8))).build(), HttpResponse.BodyHandlers.ofString());
        return r.statusCode() == 200 ? JSON.readTree(r.body()) : JSON.createObjectNode();
    }

    private static int freePort() throws Exception {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
