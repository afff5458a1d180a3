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

    private UiProcess(int port, Process process, Path log, String scheme) {
        this.port = port;
        this.url = scheme + "://127.0.0.1:" + port;
        this.process = process;
        this.log = log;
    }

    public static UiProcess start(String... properties) throws Exception {
        return start("http", properties);
    }

    /** With TLS from a PKCS#12 keystore, as docs/audit-ui.md configures it, and cookies marked Secure. */
    static UiProcess startTls(String password, Path keystore, String... properties) throws Exception {
        List<String> all = new ArrayList<>(List.of("server.ssl.enabled=true", "server.ssl.key-store=" + keystore,
                "server.ssl.key-store-type=PKCS12", "server.ssl.key-store-password=" + password,
                "server.servlet.session.cookie.secure=true"));
        all.addAll(List.of(properties));
        return start("https", all.toArray(String[]::new));
    }

    private static UiProcess start(String scheme, String... properties) throws Exception {
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
        UiProcess ui = new UiProcess(port, p, log, scheme);
        ui.awaitUp();
        return ui;
    }

    private void awaitUp() throws Exception {
        HttpClient http = HttpClient.newBuilder().sslContext(trustingAnything()).build();
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

    /** For the start-up probe only: the test of TLS itself trusts just the keystore's certificate. */
    private static javax.net.ssl.SSLContext trustingAnything() throws Exception {
        javax.net.ssl.TrustManager trustAll = new javax.net.ssl.X509TrustManager() {
            @Override
            public void checkClientTrusted(java.security.cert.X509Certificate[] c, String a) {
            }

            @Override
            public void checkServerTrusted(java.security.cert.X509Certificate[] c, String a) {
            }

            @Override
            public java.security.cert.X509Certificate[] getAcceptedIssuers() {
                return new java.security.cert.X509Certificate[0];
            }
        };
        javax.net.ssl.SSLContext tls = javax.net.ssl.SSLContext.getInstance("TLS");
        tls.init(null, new javax.net.ssl.TrustManager[] {trustAll}, null);
        return tls;
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
