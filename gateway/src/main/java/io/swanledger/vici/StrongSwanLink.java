package io.swanledger.vici;

import io.swanledger.api.identity.GatewayId;
import io.swanledger.api.identity.PoolId;
import io.swanledger.jvici.Vici;
import io.swanledger.jvici.ViciClient;
import io.swanledger.jvici.ViciCommandException;
import io.swanledger.jvici.ViciException;
import io.swanledger.jvici.ViciMessage;
import io.swanledger.live.LiveSessions;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

/**
 * The gateway's link to charon over VICI: listens to {@code ike-updown}, {@code ike-rekey} and {@code ike-update},
 * reconciles the history with {@code list-sas} when the link comes up (at start and after every
 * reconnect) and periodically, and terminates IKE_SAs for operators. Starts after the processors and
 * the pool, like the RADIUS front; charon may come later — the link keeps trying.
 */
public final class StrongSwanLink implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(StrongSwanLink.class);

    /** The outcome of an operator's terminate as charon answered it. */
    public enum Termination { TERMINATED, NO_SUCH_SA }

    private final ViciProperties settings;
    private final StrongSwanEvents events;
    private final Reconciler reconciler;
    private final Clock clock;
    private ScheduledExecutorService scheduler;
    private static final int EVENT_QUEUE = 10_000;
    private final ThreadPoolExecutor recorder = new ThreadPoolExecutor(1, 1, 0,
            TimeUnit.SECONDS, new ArrayBlockingQueue<>(EVENT_QUEUE), r -> {
                Thread t = new Thread(r, "swanledger-vici-events");
                t.setDaemon(true);
                return t;
            });
    private volatile ViciClient client;
    private volatile boolean running;
    private volatile Instant lastReconciled;
    private volatile Reconciler.Outcome lastOutcome;
    private volatile String lastReconcileError;
    private long connectDelaySeconds;

    public StrongSwanLink(ViciProperties settings, CommandGateway commands, LiveSessions sessions, GatewayId gateway,
                          PoolId pool) {
        this.settings = settings;
        this.events = new StrongSwanEvents(commands, sessions, gateway);
        this.reconciler = new Reconciler(commands, sessions, gateway, pool, settings.grace());
        this.clock = Clock.systemUTC();
    }

    @Override
    public void start() {
        scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "swanledger-vici");
            t.setDaemon(true);
            return t;
        });
        running = true;
        scheduler.execute(this::connect);
        long period = Math.max(1, settings.reconcilePeriod().toSeconds());
        scheduler.scheduleWithFixedDelay(this::reconcileQuietly, period, period, TimeUnit.SECONDS);
    }

    /**
     * Until charon answers: a gateway may start before it, and must not give up on it. Retries back
     * off from 1 s to 30 s; the first failure is a warning, the rest are logged at debug level.
     */
    private void connect() {
        if (!running) {
            return;
        }
        ViciClient c = null;
        try {
            c = ViciClient.builder(Path.of(settings.socket())).reconnect(true)
                    .onConnectionChange(up -> {
                        log.info("VICI link to {} {}", settings.socket(), up ? "restored" : "lost");
                        if (up && running) {
                            scheduler.execute(this::reconcileQuietly);
                        }
                    })
                    .connect();
            c.subscribe("ike-updown", this::handOver);
            c.subscribe("ike-rekey", this::handOver);
            c.subscribe("ike-update", this::handOver);
            log.info("VICI link to {} up: {}", settings.socket(), new Vici(c).version());
            client = c;
            connectDelaySeconds = 0;
            reconcileQuietly();
        } catch (ViciException e) {
            if (c != null) {
                c.close();
            }
            connectDelaySeconds = Math.min(30, Math.max(1, connectDelaySeconds * 2));
            if (connectDelaySeconds == 1) {
                log.warn("VICI link to {} not up ({}); retrying, from 1 s to every 30 s", settings.socket(), e.getMessage());
            } else {
                log.debug("VICI link to {} still not up: {}", settings.socket(), e.getMessage());
            }
            scheduler.schedule(this::connect, connectDelaySeconds, TimeUnit.SECONDS);
        }
    }

    /**
     * The VICI reader only queues an event; a thread of its own records them in order, so a slow or
     * unreachable store never stops the reader (charon's events keep being read, its socket never
     * fills). A full queue drops the event, counted; the next comparison with list-sas repairs it.
     */
    private void handOver(String event, ViciMessage message, Instant receivedAt) {
        try {
            recorder.execute(() -> events.onEvent(event, message, receivedAt));
        } catch (RejectedExecutionException full) {
            events.dropped.incrementAndGet();
            if (events.dropped.get() % 1000 == 1) {
                log.warn("VICI events arrive faster than they can be recorded ({} queued): {} dropped so far, the "
                        + "reconciler repairs what they would have recorded", EVENT_QUEUE, events.dropped.get());
            }
        }
    }

    private void reconcileQuietly() {
        try {
            reconcile();
        } catch (ViciException | RuntimeException e) {
            lastReconcileError = e.getMessage();
            log.warn("reconciliation with strongSwan failed, will retry: {}", e.getMessage());
        }
    }

    /** One comparison of the history with list-sas; serialised with the periodic one. */
    synchronized Reconciler.Outcome reconcile() throws ViciException {
        ViciClient c = client;
        if (c == null || !c.isConnected()) {
            throw new ViciException("no VICI connection to " + settings.socket());
        }
        Reconciler.Outcome o = reconciler.reconcile(new Vici(c).listSas(), clock.instant());
        lastReconciled = clock.instant();
        lastOutcome = o;
        lastReconcileError = null;
        if (o.closed() + o.adopted() + o.notAdopted() > 0) {
            log.info("reconciled with strongSwan: {} SAs, {} open sessions, {} closed, {} adopted, {} not adopted",
                    o.sas(), o.open(), o.closed(), o.adopted(), o.notAdopted());
        }
        return o;
    }

    /** IKE events received from charon, and those that matched no open session (late, or not ours). */
    public long eventsReceived() {
        return events.received.get();
    }

    public long eventsUnmatched() {
        return events.unmatched.get();
    }

    /** For operators: the link, the event counters and the last comparison with list-sas. */
    public Map<String, Object> status() {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("socket", settings.socket());
        out.put("connected", connected());
        out.put("events", Map.of("received", events.received.get(), "unmatched", events.unmatched.get(),
                "malformed", events.malformed.get(), "failed", events.failed.get(), "dropped", events.dropped.get(),
                "queued", recorder.getQueue().size()));
        Reconciler.Outcome o = lastOutcome;
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("at", lastReconciled == null ? null : lastReconciled.toString());
        if (o != null) {
            r.put("sas", o.sas());
            r.put("openSessions", o.open());
            r.put("closed", o.closed());
            r.put("adopted", o.adopted());
            r.put("notAdopted", o.notAdopted());
        }
        r.put("error", lastReconcileError);
        out.put("lastReconciliation", r);
        return out;
    }

    public boolean connected() {
        ViciClient c = client;
        return c != null && c.isConnected();
    }

    /**
     * Asks charon to delete the session's IKE_SA, waiting up to the configured timeout — only after
     * {@code list-sas} confirmed that the SA with that id is this session's (same account): ids are
     * reused after a charon restart, and another client's tunnel must never be cut.
     */
    public Termination terminate(LiveSessions.Tunnel session) throws ViciException {
        ViciClient c = client;
        if (c == null || !c.isConnected()) {
            throw new ViciException("no VICI connection to " + settings.socket());
        }
        Vici vici = new Vici(c);
        boolean ours = vici.listSas(ViciMessage.builder().put("ike-id", session.ikeUniqueId()).build())
                .stream().anyMatch(sa -> Reconciler.matches(sa, session));
        if (!ours) {
            return Termination.NO_SUCH_SA;
        }
        try {
            vici.terminate(Vici.Target.ikeId(session.ikeUniqueId()), settings.terminateTimeout(), false);
            return Termination.TERMINATED;
        } catch (ViciCommandException e) {
            if (e.getMessage() != null && e.getMessage().contains("no matching SAs")) {
                return Termination.NO_SUCH_SA;
            }
            throw e;
        }
    }

    @Override
    public void stop() {
        running = false;
        if (scheduler != null) {
            scheduler.shutdownNow();
        }
        recorder.shutdownNow();
        ViciClient c = client;
        if (c != null) {
            c.close();
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    @Override
    public int getPhase() {
        return Integer.MAX_VALUE;
    }
}
