package io.swanledger.radius;

import io.swanledger.radius.RadiusCounters.Counter;
import java.io.IOException;
import java.nio.file.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Records the spooled accounting requests, oldest first, as of when each was received, once the store
 * takes commands again; stops at the first request that meets the outage still going and tries again
 * at the next run. A request the store refuses for a reason of its own is set aside (logged), never
 * retried forever.
 */
final class SpoolReplay implements Runnable {

    private static final Logger log = LoggerFactory.getLogger(SpoolReplay.class);

    private final AccountingSpool spool;
    private final AccountingRecorder recorder;
    private final RadiusSettings settings;
    private final RadiusCounters counters;
    private volatile String lastError;

    SpoolReplay(AccountingSpool spool, AccountingRecorder recorder, RadiusSettings settings, RadiusCounters counters) {
        this.spool = spool;
        this.recorder = recorder;
        this.settings = settings;
        this.counters = counters;
    }

    @Override
    public void run() {
        if (spool.size() == 0) {
            return;
        }
        int replayed = 0;
        for (Path file : spool.pending()) {
            AccountingSpool.Entry e;
            try {
                e = spool.read(file);
            } catch (IOException | RuntimeException unreadable) {
                log.error("spooled accounting request {} cannot be read, set aside: {}", file, unreadable.getMessage());
                setAside(file);
                continue;
            }
            RadiusSettings.Nas client = settings.client(e.nas());
            if (client == null) {
                log.warn("spooled accounting request {} is from {}, no longer a configured NAS: set aside", file, e.nas());
                setAside(file);
                continue;
            }
            try {
                recorder.record(new Inbound(e.sender(), client, e.packet()), e.at());
            } catch (RuntimeException failure) {
                if (StoreFailures.isOutage(failure)) {
                    lastError = failure.getMessage();
                    break; // still down: the rest waits, in order
                }
                log.error("spooled accounting request {} was refused, set aside: {}", file, failure.toString());
                setAside(file);
                continue;
            }
            try {
                spool.done(e);
            } catch (IOException io) {
                log.error("spooled accounting request {} is recorded but cannot be deleted: {}", file, io.getMessage());
                break;
            }
            counters.increment(Counter.ACCOUNTING_REPLAYED);
            replayed++;
        }
        if (replayed > 0) {
            lastError = null;
            log.info("recorded {} spooled accounting request(s); {} still waiting", replayed, spool.size());
        }
    }

    private void setAside(Path file) {
        try {
            spool.setAside(file);
            counters.increment(Counter.ACCOUNTING_SET_ASIDE);
        } catch (IOException io) {
            log.error("cannot set aside {}: {}", file, io.getMessage());
        }
    }

    String lastError() {
        return lastError;
    }
}
