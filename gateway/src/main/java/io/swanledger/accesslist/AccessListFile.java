package io.swanledger.accesslist;

import java.io.IOException;
import java.io.StringReader;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

/**
 * Watches the export the campus network database leaves at {@code swanledger.access-list.path} (the
 * seed's service copies it periodically). Its content is checked every check period; a new content
 * is imported once it has stayed the same for one period, so a copy still being written is never
 * read; the same content is imported again every refresh. A missing or unreadable file is logged once
 * and leaves the list in force.
 */
public class AccessListFile implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(AccessListFile.class);
    /** 500,000 lines of at most 1 KiB are refused by the parser anyway; this bounds what is read. */
    private static final long MAX_BYTES = 64L * 1024 * 1024;
    private static final String WATCHER = "swanledger (watched file)";

    private final Path path;
    private final AccessListProperties properties;
    private final AccessListImports imports;
    private ScheduledExecutorService executor;
    private byte[] seen;
    private byte[] loaded;
    private Instant loadedAt = Instant.EPOCH;
    private String problem;

    public AccessListFile(AccessListProperties properties, AccessListImports imports) {
        this.path = Path.of(properties.path());
        this.properties = properties;
        this.imports = imports;
    }

    @Override
    public synchronized void start() {
        executor = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "swanledger-access-list");
            t.setDaemon(true);
            return t;
        });
        long period = properties.checkPeriod().toMillis();
        executor.scheduleWithFixedDelay(this::check, 0, period, TimeUnit.MILLISECONDS);
        log.info("access list: watching {} (checked every {}, imported again every {})", path,
                properties.checkPeriod(), properties.refresh());
    }

    private void check() {
        try {
            byte[] content = read();
            if (content == null) {
                return;
            }
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(content);
            boolean stable = Arrays.equals(digest, seen);
            seen = digest;
            boolean changed = !Arrays.equals(digest, loaded);
            boolean due = Instant.now().isAfter(loadedAt.plus(properties.refresh()));
            if (stable && (changed || due)) {
                loaded = digest;
                loadedAt = Instant.now();
                String text = text(content);
                if (text == null) {
                    imports.refuse("file", path.toString(), WATCHER, "the file is not UTF-8 text");
                } else {
                    imports.load("file", path.toString(), new StringReader(text), WATCHER, false);
                }
            }
        } catch (RuntimeException | NoSuchAlgorithmException e) {
            log.warn("access list: checking {} failed (retried): {}", path, e.getMessage());
        }
    }

    private byte[] read() {
        try {
            if (Files.size(path) > MAX_BYTES) {
                once("is larger than " + MAX_BYTES + " bytes; not read");
                return null;
            }
            byte[] content = Files.readAllBytes(path);
            problem = null;
            return content;
        } catch (NoSuchFileException e) {
            once("does not exist; the list in force stays");
        } catch (IOException e) {
            once("cannot be read (" + e.getMessage() + "); the list in force stays");
        }
        return null;
    }

    /** Strict UTF-8, or null: a file that is not text is refused, never guessed at. */
    private static String text(byte[] content) {
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(content)).toString();
        } catch (CharacterCodingException e) {
            return null;
        }
    }

    private void once(String what) {
        if (!what.equals(problem)) {
            problem = what;
            log.warn("access list: {} {}", path, what);
        }
    }

    /** The file's state for the status API: its path and what is wrong with it now, if anything. */
    public synchronized Map<String, Object> status() {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("path", path.toString());
        out.put("problem", problem);
        return out;
    }

    @Override
    public synchronized void stop() {
        if (executor != null) {
            executor.shutdownNow();
            executor = null;
        }
    }

    @Override
    public synchronized boolean isRunning() {
        return executor != null;
    }

    @Override
    public int getPhase() {
        return Integer.MAX_VALUE - 10;
    }
}
