package io.swanledger.radius;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs the lab's command-line tools: argument lists only, output captured to a file. */
final class Processes {

    record Result(int exitCode, String output, long millis) {
    }

    private Processes() {
    }

    static Result run(Path dir, long timeoutSeconds, List<String> command) {
        try {
            Path out = Files.createTempFile(dir, "out-", ".txt");
            long t0 = System.nanoTime();
            Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(out.toFile()).start();
            if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IllegalStateException(command.get(0) + " did not finish within " + timeoutSeconds + " s");
            }
            long millis = (System.nanoTime() - t0) / 1_000_000;
            return new Result(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8), millis);
        } catch (IOException e) {
            throw new IllegalStateException("cannot run " + command.get(0) + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    static void check(Path dir, List<String> command) {
        Result r = run(dir, 60, command);
        if (r.exitCode() != 0) {
            throw new IllegalStateException(String.join(" ", command) + " failed (" + r.exitCode() + "): " + r.output());
        }
    }
}
