package io.swanledger.radius;

import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the RADIUS front did with every packet, by outcome: an operator reads from these why a NAS or
 * an attacker got no answer. Packets that are dropped are only ever counted (and logged at most
 * rate-limited), never answered.
 */
public final class RadiusCounters {

    public enum Counter {
        ACCESS_REQUESTS("access-requests"),
        ACCOUNTING_REQUESTS("accounting-requests"),
        UNKNOWN_CLIENT("dropped-unknown-client"),
        MALFORMED("dropped-malformed"),
        WRONG_CODE("dropped-wrong-code"),
        MISSING_MESSAGE_AUTHENTICATOR("dropped-missing-message-authenticator"),
        BAD_MESSAGE_AUTHENTICATOR("dropped-bad-message-authenticator"),
        BAD_REQUEST_AUTHENTICATOR("dropped-bad-request-authenticator"),
        NOT_EAP("dropped-not-eap"),
        RETRANSMISSIONS("retransmissions-answered-from-cache"),
        RETRANSMISSIONS_IN_PROGRESS("retransmissions-while-in-progress"),
        OVERLOADED("dropped-overloaded"),
        INVALID_IDENTITY("rejected-invalid-identity"),
        INVALID_CALLING_STATION("rejected-invalid-calling-station-id"),
        UPSTREAM_REJECT("rejected-by-upstream"),
        CERTIFICATE_POLICY("rejected-certificate-policy"),
        SESSION_REFUSED("rejected-session-refused"),
        ACCEPTED("accepted"),
        CHALLENGES("challenges"),
        UPSTREAM_TIMEOUTS("upstream-timeouts"),
        UPSTREAM_FAILOVERS("upstream-failovers"),
        UPSTREAM_UNAVAILABLE("dropped-upstream-unavailable"),
        UPSTREAM_BAD_AUTHENTICATOR("upstream-replies-bad-authenticator"),
        UPSTREAM_BAD_MESSAGE_AUTHENTICATOR("upstream-replies-bad-message-authenticator"),
        UPSTREAM_UNEXPECTED("upstream-replies-unexpected"),
        ACCOUNTING_START("accounting-start"),
        ACCOUNTING_INTERIM("accounting-interim"),
        ACCOUNTING_STOP("accounting-stop"),
        ACCOUNTING_ON_OFF("accounting-on-off"),
        ACCOUNTING_UNKNOWN_SESSION("accounting-unknown-session"),
        ACCOUNTING_SPOOLED("accounting-spooled"),
        ACCOUNTING_REPLAYED("accounting-replayed"),
        ACCOUNTING_SET_ASIDE("accounting-set-aside"),
        STORE_UNAVAILABLE("dropped-store-unavailable"),
        INTERNAL_ERRORS("internal-errors");

        private final String label;

        Counter(String label) {
            this.label = label;
        }

        public String label() {
            return label;
        }
    }

    private static final Logger log = LoggerFactory.getLogger(RadiusCounters.class);
    /** One line per kind of drop per minute at most: a flood cannot fill the log, a single drop is still seen. */
    private static final long DROP_LOG_NANOS = TimeUnit.MINUTES.toNanos(1);

    private final Map<Counter, LongAdder> counters = new EnumMap<>(Counter.class);
    private final Map<Counter, AtomicLong> lastDropLog = new ConcurrentHashMap<>();
    private final Map<Counter, Long> droppedAtLastLog = new ConcurrentHashMap<>();

    public RadiusCounters() {
        for (Counter c : Counter.values()) {
            counters.put(c, new LongAdder());
        }
    }

    void increment(Counter c) {
        counters.get(c).increment();
    }

    /**
     * Counts a request that gets no answer and says so in the log at a bounded rate, naming where it
     * came from ({@code from}, already printable) and how many such drops there were since the last line.
     */
    void dropped(Counter c, String from) {
        increment(c);
        long now = System.nanoTime();
        AtomicLong last = lastDropLog.computeIfAbsent(c,
                k -> new AtomicLong(now - DROP_LOG_NANOS));
        long before = last.get();
        if (now - before >= DROP_LOG_NANOS && last.compareAndSet(before, now)) {
            long total = get(c);
            long previous = droppedAtLastLog.getOrDefault(c, 0L);
            droppedAtLastLog.put(c, total);
            log.warn("RADIUS request dropped ({}) from {}; {} such drop(s) since the last line, {} in all "
                    + "(logged at most once a minute)", c.label(), from, total - previous, total);
        }
    }

    public long get(Counter c) {
        return counters.get(c).sum();
    }

    /** Every counter by label, in declaration order. */
    public Map<String, Long> snapshot() {
        Map<String, Long> out = new LinkedHashMap<>();
        counters.forEach((c, v) -> out.put(c.label(), v.sum()));
        return out;
    }
}
