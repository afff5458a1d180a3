package io.swanledger.radius;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.util.Arrays;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * The one load generator of the RADIUS benchmark: strongSwan-shaped first-round Access-Requests
 * (EAP-Response/Identity, Message-Authenticator), each for a new account and IKE_SA (its own
 * NAS-Port, as strongSwan numbers IKE_SAs), sent either with a fixed number in flight (throughput)
 * or at a fixed rate (latency). A request counts as accepted when the answer is an Access-Accept
 * with a Framed-IP-Address. Every address a target hands out is checked against those it handed
 * out before and did not get back: a duplicate is counted. {@link #churn} runs whole sessions.
 */
final class LoadGenerator {

    record Result(String target, String mode, int sent, int accepted, int lost, double seconds, double perSecond,
                  double p50, double p99, double max, int duplicates) {

        String row() {
            return String.format("| %s | %s | %,d | %,d | %,d | %.0f | %.2f | %.2f | %.2f | %,d |", target, mode, sent,
                    accepted, lost, perSecond, p50, p99, max, duplicates);
        }
    }

    static final String HEADER = "| target | load | requests | accepted with address | unanswered | accepted per second "
            + "| p50 ms | p99 ms | max ms | duplicate addresses |\n|---|---|---:|---:|---:|---:|---:|---:|---:|---:|\n";

    /** strongSwan numbers its IKE_SAs from 1; one per request across the whole run. */
    private static final AtomicLong NAS_PORTS = new AtomicLong(1);
    /** The time charon started, the first half of each Acct-Session-Id it sends. */
    private static final long CHARON_STARTED = System.currentTimeMillis() / 1000;

    /** strongSwan's Acct-Session-Id: the time charon started and the IKE_SA's unique id (its NAS-Port). */
    static String acctSessionId(long nasPort) {
        return CHARON_STARTED + "-" + nasPort;
    }

    /** Per target, the addresses handed out and not given back (sessions that never ended). */
    private static final Map<InetSocketAddress, Set<Integer>> HELD = new ConcurrentHashMap<>();

    private final DatagramSocket socket;
    private final InetSocketAddress target;
    private final String secret;
    private final long[] sentAt = new long[256];
    private final Semaphore ids = new Semaphore(255);
    private final AtomicInteger nextId = new AtomicInteger();
    private final boolean[] busy = new boolean[256];
    private long[] latencies;
    private final AtomicInteger done = new AtomicInteger();
    private final AtomicInteger accepted = new AtomicInteger();
    private final AtomicInteger duplicates = new AtomicInteger();
    private Semaphore window;
    private boolean requireAddress = true;

    private LoadGenerator(InetSocketAddress target, String secret) throws IOException {
        this.socket = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        this.socket.setSoTimeout(3000);
        this.socket.setReceiveBufferSize(4 << 20);
        this.target = target;
        this.secret = secret;
    }

    /** {@code total} requests with {@code inFlight} outstanding at any time. */
    static Result closedLoop(String name, InetSocketAddress target, String secret, String prefix, int total, int inFlight)
            throws Exception {
        LoadGenerator g = new LoadGenerator(target, secret);
        g.window = new Semaphore(inFlight);
        return g.run(name, inFlight + " in flight", prefix, total, 0);
    }

    /** {@code total} requests sent at {@code rate} per second, whatever the answers do. */
    static Result openLoop(String name, InetSocketAddress target, String secret, String prefix, int total, double rate)
            throws Exception {
        return openLoop(name, target, secret, prefix, total, rate, true);
    }

    /** As above; {@code requireAddress} false counts any Access-Accept (a server that allocates nothing). */
    static Result openLoop(String name, InetSocketAddress target, String secret, String prefix, int total, double rate,
                           boolean requireAddress) throws Exception {
        LoadGenerator g = new LoadGenerator(target, secret);
        g.requireAddress = requireAddress;
        return g.run(name, String.format("%.0f/s offered", rate), prefix, total, (long) (1e9 / rate));
    }

    private Result run(String name, String mode, String prefix, int total, long intervalNanos) throws Exception {
        latencies = new long[total];
        Arrays.fill(latencies, -1);
        int[] indexOfId = new int[256];
        Thread receiver = new Thread(() -> receive(indexOfId, total), "load-receiver");
        receiver.start();
        long t0 = System.nanoTime();
        try (NasClient signer = new NasClient("127.0.0.1", target)) {
            for (int i = 0; i < total; i++) {
                if (intervalNanos > 0) {
                    long due = t0 + i * intervalNanos;
                    long wait;
                    while ((wait = due - System.nanoTime()) > 0) {
                        LockSupport.parkNanos(wait);
                    }
                } else {
                    window.acquire();
                }
                if (!ids.tryAcquire(2, TimeUnit.SECONDS)) {
                    throw new IllegalStateException("255 requests outstanding for 2 s: the target stopped answering");
                }
                int id = freeId();
                long nasPort = NAS_PORTS.getAndIncrement();
                byte[] p = signer.accessRequest(NasClient.strongSwanFirstRound(
                        ("bench-" + prefix + "-" + i).getBytes(java.nio.charset.StandardCharsets.UTF_8),
                        acctSessionId(nasPort), nasPort), secret);
                p[1] = (byte) id;
                resign(p);
                indexOfId[id] = i;
                sentAt[id] = System.nanoTime();
                socket.send(new DatagramPacket(p, p.length, target));
            }
        }
        receiver.join(TimeUnit.SECONDS.toMillis(10));
        double seconds = (System.nanoTime() - t0) / 1e9;
        if (Boolean.getBoolean("bench.slowLog") && intervalNanos > 0) {
            java.time.Instant wall0 = java.time.Instant.now().minusNanos(System.nanoTime() - t0);
            for (int i = 0; i < total; i++) {
                if (latencies[i] > 4_000_000L) {
                    System.out.printf("SLOW %s %s #%d %.2f ms%n", name, wall0.plusNanos(i * intervalNanos), i, latencies[i] / 1e6);
                }
            }
        }
        socket.close();
        long[] ok = Arrays.stream(latencies).filter(l -> l >= 0).sorted().toArray();
        int lost = total - done.get();
        return new Result(name, mode, total, accepted.get(), lost, seconds, accepted.get() / seconds,
                percentile(ok, 0.50), percentile(ok, 0.99), ok.length == 0 ? 0 : ok[ok.length - 1] / 1e6, duplicates.get());
    }

    /** Counts {@code address} as held by {@code target}; true if it already was (a duplicate). */
    private static boolean hold(InetSocketAddress target, int address) {
        return !HELD.computeIfAbsent(target, t -> ConcurrentHashMap.newKeySet()).add(address);
    }

    private static boolean held(InetSocketAddress target, int address) {
        Set<Integer> held = HELD.get(target);
        return held != null && held.contains(address);
    }

    /** The Framed-IP-Address of an Access-Accept, or null. */
    static Integer framedAddress(byte[] p) {
        for (Wire.Attr a : Wire.attributes(p)) {
            if (a.type() == Wire.FRAMED_IP_ADDRESS && a.value().length == 4) {
                return java.nio.ByteBuffer.wrap(a.value()).getInt();
            }
        }
        return null;
    }

    /**
     * Full session churn, {@code inFlight} sessions at a time, each as strongSwan runs one: an
     * Access-Request answered with an Access-Accept and an address, then Accounting Start and
     * Accounting Stop (with the Class of the Accept, as strongSwan sends it back), each answered.
     * Counted: sessions whose three answers all came; latency is the whole session's.
     */
    static Result churn(String name, InetSocketAddress auth, InetSocketAddress acct, String secret, String prefix, int total,
                        int inFlight) throws Exception {
        AtomicInteger next = new AtomicInteger();
        AtomicInteger completed = new AtomicInteger();
        AtomicInteger duplicates = new AtomicInteger();
        long[] latencies = new long[total];
        Arrays.fill(latencies, -1);
        Thread[] workers = new Thread[inFlight];
        long t0 = System.nanoTime();
        for (int w = 0; w < inFlight; w++) {
            workers[w] = new Thread(() -> {
                try (NasClient a = new NasClient("127.0.0.1", auth); NasClient c = new NasClient("127.0.0.1", acct)) {
                    int i;
                    while ((i = next.getAndIncrement()) < total) {
                        long start = System.nanoTime();
                        String user = "churn-" + prefix + "-" + i;
                        long nasPort = NAS_PORTS.getAndIncrement();
                        String acctSessionId = acctSessionId(nasPort);
                        byte[] accept = a.exchange(a.accessRequest(NasClient.strongSwanFirstRound(
                                user.getBytes(java.nio.charset.StandardCharsets.UTF_8), acctSessionId, nasPort), secret));
                        Integer address = accept == null || Wire.code(accept) != Wire.ACCESS_ACCEPT ? null : framedAddress(accept);
                        if (address == null) {
                            continue;
                        }
                        if (held(auth, address)) {
                            duplicates.incrementAndGet();
                        }
                        byte[] klass = null;
                        for (Wire.Attr attr : Wire.attributes(accept)) {
                            if (attr.type() == Wire.CLASS) {
                                klass = attr.value();
                            }
                        }
                        byte[] framed = java.nio.ByteBuffer.allocate(4).putInt(address).array();
                        NasClient.Attrs session = new NasClient.Attrs().add(1, user).addInt(5, nasPort)
                                .add(4, new byte[] {(byte) 192, 0, 2, 1}).add(31, "192.0.2.100[4500]").add(44, acctSessionId)
                                .add(8, framed).add(32, "vpngw-test");
                        if (klass != null) {
                            session.add(25, klass);
                        }
                        byte[] started = c.exchange(c.accountingRequest(new NasClient.Attrs().raw(session.bytes())
                                .addInt(40, 1), secret));
                        byte[] stopped = started == null ? null : c.exchange(c.accountingRequest(new NasClient.Attrs()
                                .raw(session.bytes()).addInt(40, 2).addInt(49, 1).addInt(46, 60), secret));
                        if (stopped != null && Wire.code(stopped) == Wire.ACCOUNTING_RESPONSE) {
                            latencies[i] = System.nanoTime() - start;
                            completed.incrementAndGet();
                        }
                    }
                }
            }, "churn-" + w);
            workers[w].start();
        }
        for (Thread w : workers) {
            w.join();
        }
        double seconds = (System.nanoTime() - t0) / 1e9;
        long[] ok = Arrays.stream(latencies).filter(l -> l >= 0).sorted().toArray();
        return new Result(name, inFlight + " sessions at a time", total, completed.get(), total - completed.get(), seconds,
                completed.get() / seconds, percentile(ok, 0.50), percentile(ok, 0.99),
                ok.length == 0 ? 0 : ok[ok.length - 1] / 1e6, duplicates.get());
    }

    /** The identifier changed after signing: sign again (the Message-Authenticator covers it). */
    private void resign(byte[] p) {
        int at = p.length - 16;
        Arrays.fill(p, at, p.length, (byte) 0);
        byte[] mac = Wire.hmacMd5(secret.getBytes(java.nio.charset.StandardCharsets.UTF_8), p);
        System.arraycopy(mac, 0, p, at, 16);
    }

    private synchronized int freeId() {
        while (true) {
            int id = nextId.getAndIncrement() & 0xff;
            if (!busy[id]) {
                busy[id] = true;
                return id;
            }
        }
    }

    private synchronized void release(int id) {
        busy[id] = false;
    }

    private void receive(int[] indexOfId, int total) {
        byte[] buf = new byte[4096];
        while (done.get() < total) {
            DatagramPacket in = new DatagramPacket(buf, buf.length);
            try {
                socket.receive(in);
            } catch (SocketTimeoutException e) {
                return;
            } catch (IOException e) {
                return;
            }
            long now = System.nanoTime();
            int id = buf[1] & 0xff;
            int index = indexOfId[id];
            if (latencies[index] >= 0) {
                continue;
            }
            latencies[index] = now - sentAt[id];
            byte[] p = Arrays.copyOf(buf, in.getLength());
            if (Wire.code(p) == Wire.ACCESS_ACCEPT && (!requireAddress || Wire.count(p, Wire.FRAMED_IP_ADDRESS) == 1)) {
                accepted.incrementAndGet();
                Integer address = framedAddress(p);
                if (address != null && hold(target, address)) {
                    duplicates.incrementAndGet();
                }
            }
            done.incrementAndGet();
            release(id);
            ids.release();
            if (window != null) {
                window.release();
            }
        }
    }

    private static double percentile(long[] sorted, double q) {
        if (sorted.length == 0) {
            return 0;
        }
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(q * sorted.length) - 1)] / 1e6;
    }
}
