package io.swanledger.ui;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The audit UI as production runs it: a JVM of its own with only its own class path (no event store,
 * no Axon), configured by command-line properties. Stopped by its handle.
 */
public final class UiProcess implements AutoCloseable {

    public final int port;
    public final String url;
    private final Process process;
    private final Path log;

    private UiProcess(int port, Process process, Path log) {
        this.port = port;
        this.url = "http://127.0.0.1:" + port;
        this.process = process;
        this.log = log;
    }

    public static UiProcess start(String... properties) throws Exception {
        int port = freePort();
        String classes = System.getProperty("swanledger.ui.classpath");
        String deps = Files.readString(Path.of(System.getProperty("swanledger.ui.classpath-file")), StandardCharsets.UTF_8).strip();
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m", "-cp", classes + java.io.File.pathSeparator + deps, AuditUiApplication.class.getName(),
                "--server.port=" + port, "--management.server.port=" + freePort(), "--logging.level.root=WARN"));
        for (String p : properties) {
            cmd.add("--" + p);
        }
        // kept beside the screenshots for review: target/ui-<port>.log
        Path log = Path.of(System.getProperty("swanledger.screenshots", "target/screenshots")).resolveSibling("ui-" + port + ".log");
        Files.createDirectories(log.getParent());
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        UiProcess ui = new UiProcess(port, p, log);
        ui.awaitUp();
        return ui;
    }

    private void awaitUp() throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("the UI exited:\n" + Files.readString(log));
            }
            try {
                HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(url + "/login")).build(),
                        HttpResponse.BodyHandlers.ofString());
                if (r.statusCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // starting
            }
            Thread.sleep(200);
        }
        throw new IllegalStateException("the UI did not answer within 60 s:\n" + Files.readString(log));
    }

    public String log() throws IOException {
        return Files.readString(log);
    }

    @Override
    public void close() throws Exception {
        process.destroy();
        if (!process.waitFor(20, TimeUnit.SECONDS)) {
            process.destroyForcibly();
        }
    }

    public static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
