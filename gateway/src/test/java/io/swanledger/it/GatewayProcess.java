package io.swanledger.it;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The real gateway in a JVM of its own (the test class path, {@code GatewayApplication}), so that a
 * test can kill it with SIGKILL as a crash would. Its output goes to a file the failure messages quote.
 */
public final class GatewayProcess implements AutoCloseable {

    private final Process process;
    private final Path log;

    private GatewayProcess(Process process, Path log) {
        this.process = process;
        this.log = log;
    }

    /** How a gateway that was expected to stop ended: its exit status, output and how long it ran. */
    public record Exit(int status, String output, Duration ran) {
    }

    /** Runs a gateway that should refuse to start; waits at most {@code limit} for it to exit. */
    public static Exit runToExit(Stores store, Path dir, String name, Duration limit, String... extra) throws Exception {
        Process p = new ProcessBuilder(command(store, extra)).redirectErrorStream(true)
                .redirectOutput(dir.resolve(name + ".log").toFile()).start();
        long t0 = System.nanoTime();
        boolean exited = p.waitFor(limit.toMillis(), TimeUnit.MILLISECONDS);
        Duration ran = Duration.ofNanos(System.nanoTime() - t0);
        if (!exited) {
            p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
        return new Exit(exited ? p.exitValue() : Integer.MIN_VALUE, Files.readString(dir.resolve(name + ".log")), ran);
    }

    private static List<String> command(Stores store, String... extra) {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m", "-cp", classPath(), "io.swanledger.gateway.GatewayApplication",
                "--spring.main.banner-mode=off", "--spring.main.web-application-type=none",
                "--logging.level.org.hibernate.engine.jdbc.spi.SqlExceptionHelper=OFF"));
        for (Map.Entry<String, String> p : store.properties().entrySet()) {
            cmd.add("--" + p.getKey() + "=" + p.getValue());
        }
        for (String p : extra) {
            cmd.add("--" + p);
        }
        return cmd;
    }

    /** Starts a gateway with the store's properties and {@code extra} ("key=value"); waits until it has started. */
    public static GatewayProcess start(Stores store, Path dir, String name, String... extra) {
        List<String> cmd = command(store, extra);
        try {
            Files.createDirectories(dir);
            Path log = dir.resolve(name + ".log");
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
            GatewayProcess g = new GatewayProcess(p, log);
            g.awaitLog("Started GatewayApplication", Duration.ofSeconds(90));
            return g;
        } catch (IOException e) {
            throw new IllegalStateException("cannot start a gateway JVM: " + e.getMessage(), e);
        }
    }

    private static String classPath() {
        // surefire runs tests from a manifest-only jar; this property has the real class path
        String cp = System.getProperty("surefire.test.class.path");
        return cp != null && !cp.isBlank() ? cp : System.getProperty("java.class.path");
    }

    /** Waits until the gateway's output contains {@code text}; fails with the output if it exits or takes too long. */
    public void awaitLog(String text, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            String out = output();
            if (out.contains(text)) {
                return;
            }
            if (!process.isAlive()) {
                throw new IllegalStateException("the gateway exited (" + process.exitValue() + ") before \"" + text + "\":\n" + tail(out));
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
        throw new IllegalStateException("the gateway did not log \"" + text + "\" within " + timeout + ":\n" + tail(output()));
    }

    public String output() {
        try {
            return Files.readString(log);
        } catch (IOException e) {
            return "";
        }
    }

    private static String tail(String s) {
        return s.length() > 6000 ? s.substring(s.length() - 6000) : s;
    }

    public long pid() {
        return process.pid();
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    /** SIGKILL, as a crash or the OOM killer would: no shutdown hook, nothing flushed. */
    public void kill() {
        process.destroyForcibly();
        try {
            process.waitFor(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        if (process.isAlive()) {
            process.destroy();
            try {
                if (!process.waitFor(20, TimeUnit.SECONDS)) {
                    kill();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                kill();
            }
        }
    }
}
