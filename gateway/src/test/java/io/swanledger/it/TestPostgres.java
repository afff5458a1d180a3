package io.swanledger.it;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A PostgreSQL server of the test's own (Debian's binaries, a data directory in a temporary folder,
 * a free loopback port, run as the postgres user as PostgreSQL requires), so that a test can stop it
 * or kill it with SIGKILL without touching any other server on the machine. Defaults as shipped
 * ({@code synchronous_commit=on}, {@code fsync=on}).
 */
public final class TestPostgres implements AutoCloseable {

    public static final String USER = "swanledger";
    private final Path dir;
    private final Path bin;
    public final int port;
    private Process server;

    private TestPostgres(Path dir, Path bin, int port) {
        this.dir = dir;
        this.bin = bin;
        this.port = port;
    }

    public static TestPostgres start() throws Exception {
        Path bin;
        try (Stream<Path> versions = Files.list(Path.of("/usr/lib/postgresql"))) {
            bin = versions.max(Comparator.comparing(p -> Integer.parseInt(p.getFileName().toString().replaceAll("\\D", "0"))))
                    .orElseThrow().resolve("bin");
        }
        Path dir = Files.createTempDirectory("swanledger-pg-");
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
        Path data = dir.resolve("data");
        Files.createDirectories(data);
        run(List.of("chown", "-R", "postgres:postgres", dir.toString()));
        run(asPostgres(bin.resolve("initdb").toString(), "-D", data.toString(), "-U", USER, "-A", "trust", "-E", "UTF8"));
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        TestPostgres pg = new TestPostgres(dir, bin, port);
        pg.up();
        try (Connection c = DriverManager.getConnection(pg.url("postgres"), USER, "")) {
            c.createStatement().execute("create database swanledger");
        }
        return pg;
    }

    public String url() {
        return url("swanledger");
    }

    private String url(String database) {
        return "jdbc:postgresql://127.0.0.1:" + port + "/" + database;
    }

    /** Starts the server and waits until it takes connections (a killed one may need its backends to go first). */
    public void up() throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (true) {
            server = new ProcessBuilder(asPostgres(bin.resolve("postgres").toString(), "-D", dir.resolve("data").toString(),
                    "-p", Integer.toString(port), "-k", dir.toString(), "-c", "listen_addresses=127.0.0.1"))
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("server.log").toFile()))
                    .start();
            while (System.nanoTime() < deadline && server.isAlive()) {
                try (Connection c = DriverManager.getConnection(url("postgres"), USER, "")) {
                    return;
                } catch (SQLException notYet) {
                    Thread.sleep(100);
                }
            }
            if (System.nanoTime() >= deadline) {
                throw new IllegalStateException("PostgreSQL did not start:\n" + log());
            }
            Thread.sleep(500); // it exited (a killed predecessor's backends still hold its memory): again
        }
    }

    /** A fast shutdown, as {@code systemctl stop postgresql} does (SIGINT: sessions end, then the server). */
    public void stop() throws Exception {
        run(List.of("kill", "-INT", Long.toString(server.pid())));
        server.waitFor(30, TimeUnit.SECONDS);
    }

    /** SIGKILL of the postmaster, as the OOM killer would. */
    public void kill() throws Exception {
        server.destroyForcibly();
        server.waitFor(10, TimeUnit.SECONDS);
    }

    public String log() {
        try {
            return Files.readString(dir.resolve("server.log"));
        } catch (IOException e) {
            return "";
        }
    }

    @Override
    public void close() throws Exception {
        if (server != null && server.isAlive()) {
            stop();
            if (server.isAlive()) {
                kill();
            }
        }
        run(List.of("rm", "-rf", dir.toString()));
    }

    private static List<String> asPostgres(String... cmd) {
        // setpriv execs the command itself, so the process this test holds is the server, not a wrapper
        List<String> out = new ArrayList<>(List.of("setpriv", "--reuid=postgres", "--regid=postgres", "--init-groups", "--"));
        out.addAll(List.of(cmd));
        return out;
    }

    private static void run(List<String> cmd) throws Exception {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        if (!p.waitFor(120, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IllegalStateException(String.join(" ", cmd) + " failed:\n" + out);
        }
    }
}
