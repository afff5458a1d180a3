package io.swanledger.it;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * Temporary directories for tests, benchmarks and the demo, deleted when the JVM exits: a run must
 * not leave its stores, configurations and logs in /tmp (a year of H2 history is gigabytes). A
 * failed test's files are there until then, for reading its log.
 */
public final class Scratch {

    private static final List<Path> made = new ArrayList<>();

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(Scratch::deleteAll, "swanledger-scratch-cleanup"));
    }

    private Scratch() {
    }

    /** A new directory under the system's temporary directory, named {@code prefix} and a random number. */
    public static Path directory(String prefix) {
        try {
            Path dir = Files.createTempDirectory(prefix);
            synchronized (made) {
                made.add(dir);
            }
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot make a temporary directory: " + e.getMessage(), e);
        }
    }

    /** Deletes {@code dir} and everything in it, as far as it can. */
    public static void delete(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException | UncheckedIOException e) {
            System.err.println("could not delete " + dir + ": " + e.getMessage());
        }
    }

    private static void deleteAll() {
        synchronized (made) {
            made.forEach(Scratch::delete);
        }
    }
}
