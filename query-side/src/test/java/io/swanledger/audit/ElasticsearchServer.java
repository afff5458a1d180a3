package io.swanledger.audit;

import java.io.IOException;
import java.net.HttpURLConnection;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * The tests' Elasticsearch: the real 8.19 server (the integ-test zip from Maven Central, unpacked by
 * the build), copied to a temporary directory and run as the unprivileged user
 * {@code swanledger-es} (Elasticsearch refuses root), on free loopback ports. Started once per test
 * JVM; {@link #stop} and {@link #start} keep the data, for outage tests.
 */
public final class ElasticsearchServer {

    static final String USER = "swanledger-es";

    private static ElasticsearchServer shared;

    private final Path home;
    private final int httpPort;
    private final int transportPort;
    private Process process;

    private ElasticsearchServer(Path home, int httpPort, int transportPort) {
        this.home = home;
        this.httpPort = httpPort;
        this.transportPort = transportPort;
    }

    public static synchronized ElasticsearchServer shared() {
        if (shared == null) {
            shared = create();
            shared.start();
            Runtime.getRuntime().addShutdownHook(new Thread(shared::stopAndDelete));
        }
        return shared;
    }

    private static ElasticsearchServer create() {
        String source = System.getProperty("swanledger.es.home");
        if (source == null || !Files.isDirectory(Path.of(source))) {
            throw new IllegalStateException("swanledger.es.home is not set to the unpacked Elasticsearch (run the tests through Maven)");
        }
        try {
            ensureUser();
            Path home = Files.createTempDirectory("swanledger-es-");
            copy(Path.of(source), home);
            Files.createDirectories(home.resolve("data"));
            Files.createDirectories(home.resolve("logs"));
            Files.createDirectories(home.resolve("tmp"));
            // the unpacked zip may have lost the scripts' executable bits
            try (Stream<Path> bin = Files.list(home.resolve("bin"))) {
                for (Path script : (Iterable<Path>) bin::iterator) {
                    script.toFile().setExecutable(true, false);
                }
            }
            run(List.of("chown", "-R", USER, home.toString()));
            run(List.of("chmod", "755", home.toString()));
            return new ElasticsearchServer(home, freePort(), freePort());
        } catch (IOException e) {
            throw new IllegalStateException("cannot prepare Elasticsearch: " + e.getMessage(), e);
        }
    }

    public String url() {
        return "http://127.0.0.1:" + httpPort;
    }

    public synchronized void start() {
        try {
            ProcessBuilder pb = new ProcessBuilder("runuser", "-u", USER, "--", home.resolve("bin/elasticsearch").toString(),
                    "-E", "http.port=" + httpPort, "-E", "transport.port=" + transportPort,
                    "-E", "network.host=127.0.0.1", "-E", "discovery.type=single-node",
                    "-E", "xpack.security.enabled=false", "-E", "cluster.name=swanledger-test",
                    "-E", "path.data=" + home.resolve("data"), "-E", "path.logs=" + home.resolve("logs"),
                    "-E", "cluster.routing.allocation.disk.threshold_enabled=false",
                    "-E", "action.destructive_requires_name=false")
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(home.resolve("logs/stdout.txt").toFile()));
            pb.environment().put("ES_JAVA_HOME", System.getProperty("java.home"));
            // inside the copy, so that deleting the copy leaves nothing in /tmp
            pb.environment().put("ES_TMPDIR", home.resolve("tmp").toString());
            // the launcher's own JVM writes its "final-flags" probe directories to java.io.tmpdir
            pb.environment().put("CLI_JAVA_OPTS", "-Djava.io.tmpdir=" + home.resolve("tmp"));
            String heap = System.getProperty("swanledger.es.heap", "512m");
            pb.environment().put("ES_JAVA_OPTS", "-Xms" + heap + " -Xmx" + heap);
            process = pb.start();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
            while (System.nanoTime() < deadline) {
                if (healthy()) {
                    return;
                }
                if (!process.isAlive()) {
                    break;
                }
                Thread.sleep(250);
            }
            throw new IllegalStateException("Elasticsearch did not start; its output:\n"
                    + Files.readString(home.resolve("logs/stdout.txt")));
        } catch (IOException e) {
            throw new IllegalStateException("cannot start Elasticsearch: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Stops the server (data kept): the whole process tree, as runuser does not always pass the signal on. */
    public synchronized void stop() {
        if (process == null) {
            return;
        }
        List<ProcessHandle> tree = Stream.concat(process.descendants(), Stream.of(process.toHandle())).toList();
        tree.forEach(ProcessHandle::destroy);
        for (ProcessHandle p : tree) {
            try {
                p.onExit().get(30, TimeUnit.SECONDS);
            } catch (Exception e) {
                p.destroyForcibly();
            }
        }
        process = null;
    }

    /** Stops the server and deletes its copy (a few hundred MB to GBs with data), at the end of the JVM. */
    private synchronized void stopAndDelete() {
        stop();
        try (Stream<Path> files = Files.walk(home)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            System.err.println("could not delete " + home + ": " + e.getMessage());
        }
    }

    private boolean healthy() {
        try {
            HttpURLConnection c = (HttpURLConnection) URI.create(url() + "/_cluster/health?wait_for_status=yellow&timeout=1s")
                    .toURL().openConnection();
            c.setConnectTimeout(500);
            c.setReadTimeout(3000);
            return c.getResponseCode() == 200;
        } catch (IOException e) {
            return false;
        }
    }

    private static void ensureUser() throws IOException {
        if (exitCode(List.of("id", "-u", USER)) == 0) {
            return;
        }
        if (exitCode(List.of("useradd", "--system", "--no-create-home", "--shell", "/usr/sbin/nologin", USER)) != 0) {
            throw new IllegalStateException("user " + USER + " does not exist and could not be created (run the tests as root)");
        }
    }

    private static void copy(Path from, Path to) throws IOException {
        try (Stream<Path> files = Files.walk(from)) {
            for (Path p : (Iterable<Path>) files::iterator) {
                Path target = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(p, target, StandardCopyOption.COPY_ATTRIBUTES, StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
    }

    private static int exitCode(List<String> command) throws IOException {
        try {
            return new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .start().waitFor();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        }
    }

    private static void run(List<String> command) throws IOException {
        if (exitCode(command) != 0) {
            throw new IOException(String.join(" ", command) + " failed");
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }
}
