package io.swanledger.radius;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.util.Arrays;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

/**
 * The one load generator of the RADIUS benchmark: strongSwan-shaped first-round Access-Requests
 * (EAP-Response/Identity, Message-Authenticator), each for a new account and IKE_SA, sent either
 * with a fixed number in flight (throughput) or at a fixed rate (latency). A request counts as
 * accepted when the answer is an Access-Accept with a Framed-IP-Address.
 */
final class LoadGenerator {

    record Result(String target, String mode, int sent, int accepted, int lost, double seconds, double perSecond,
                  double p50, double p99, double max) {

        String row() {
            return String.format("| %s | %s | %,d | %,d | %,d | %.0f | %.2f | %.2f | %.2f |", target, mode, sent, accepted,
                    lost, perSecond, p50, p99, max);
        }
    }

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
                byte[] p = signer.accessRequest(NasClient.strongSwanFirstRound("bench-" + prefix + "-" + i, prefix + "-" + i)
                        .addInt(5, i), secret);
                p[1] = (byte) id;
                resign(p);
                indexOfId[id] = i;
                sentAt[id] = System.nanoTime();
                socket.send(new DatagramPacket(p, p.length, target));
            }
        }
        receiver.join(TimeUnit.SECONDS.toMillis(10));
        double seconds = (System.nanoTime() - t0) / 1e9;
        socket.close();
        long[] ok = Arrays.stream(latencies).filter(l -> l >= 0).sorted().toArray();
        int lost = total - done.get();
        return new Result(name, mode, total, accepted.get(), lost, seconds, accepted.get() / seconds,
                percentile(ok, 0.50), percentile(ok, 0.99), ok.length == 0 ? 0 : ok[ok.length - 1] / 1e6);
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
