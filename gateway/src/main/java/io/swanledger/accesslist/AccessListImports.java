package io.swanledger.accesslist;

import io.swanledger.api.vlan.AccessListChanges;
import io.swanledger.api.vlan.ImportAccessList;
import io.swanledger.vlan.AccessListExport;
import java.io.IOException;
import java.io.Reader;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Loads one export: parsed whole (a single bad line refuses the file and the list in force stays),
 * then imported — or only previewed — as one command whose events say who imported it, from where,
 * and what changed. The last outcome of each channel (file, API) is kept for the status API.
 */
public class AccessListImports {

    private static final Logger log = LoggerFactory.getLogger(AccessListImports.class);
    private static final long COMMAND_TIMEOUT_SECONDS = 30;

    /** What became of one load. {@code result}: applied, unchanged, preview, refused or failed. */
    public record Outcome(String channel, String source, String requestedBy, Instant at, String result,
                          AccessListChanges changes, List<String> problems) {
    }

    private final CommandGateway commands;
    private final Map<String, Outcome> last = new ConcurrentHashMap<>();

    public AccessListImports(CommandGateway commands) {
        this.commands = commands;
    }

    /** Loads the export read from {@code text}; never throws for a bad export or an unavailable store. */
    public Outcome load(String channel, String source, Reader text, String requestedBy, boolean dryRun) {
        Instant at = Instant.now();
        ImportAccessList parsed;
        try {
            parsed = AccessListExport.parse(source, text, requestedBy, at);
        } catch (AccessListExport.InvalidExportException e) {
            log.warn("access list from {} ({}) refused, the list in force stays: {}", source, channel, e.getMessage());
            return remember(new Outcome(channel, source, requestedBy, at, "refused", null, e.problems()), dryRun);
        } catch (IOException | RuntimeException e) {
            log.warn("access list from {} ({}) could not be read, the list in force stays: {}", source, channel, e.getMessage());
            return remember(new Outcome(channel, source, requestedBy, at, "refused", null,
                    List.of("cannot read the export: " + e.getMessage())), dryRun);
        }
        try {
            AccessListChanges changes = commands.send(dryRun ? parsed.asDryRun() : parsed)
                    .thenApply(AccessListChanges.class::cast).get(COMMAND_TIMEOUT_SECONDS, TimeUnit.SECONDS);
            String result = dryRun ? "preview" : changes.applied() ? "applied" : "unchanged";
            if (!dryRun && changes.applied()) {
                log.info("access list from {} ({}, by {}) imported: {}", source, channel, requestedBy, changes.summary());
            }
            return remember(new Outcome(channel, source, requestedBy, at, result, changes, List.of()), dryRun);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return remember(new Outcome(channel, source, requestedBy, at, "failed", null, List.of("interrupted")), dryRun);
        } catch (Exception e) {
            Throwable cause = e.getCause() != null ? e.getCause() : e;
            log.warn("access list from {} ({}) was not recorded (tried again at the next load): {}", source, channel,
                    cause.getMessage());
            return remember(new Outcome(channel, source, requestedBy, at, "failed", null,
                    List.of("not recorded: " + cause.getMessage())), dryRun);
        }
    }

    /** A load refused before parsing (not text, too large): recorded like a refused export. */
    public Outcome refuse(String channel, String source, String requestedBy, String why) {
        log.warn("access list from {} ({}) refused, the list in force stays: {}", source, channel, why);
        return remember(new Outcome(channel, source, requestedBy, Instant.now(), "refused", null, List.of(why)), false);
    }

    private Outcome remember(Outcome o, boolean dryRun) {
        if (!dryRun) {
            last.put(o.channel(), o);
        }
        return o;
    }

    /** The last load of each channel that was not a dry run. */
    public Map<String, Outcome> last() {
        return Map.copyOf(last);
    }
}
