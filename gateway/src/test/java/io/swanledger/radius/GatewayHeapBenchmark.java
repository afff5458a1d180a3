package io.swanledger.radius;

import io.swanledger.it.Scratch;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.swanledger.it.GatewayProcess;
import io.swanledger.it.Stores;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The gateway's heap with 10,000 live sessions: the gateway as a JVM of its own with the heap limit
 * its unit and its tests give it ({@code -Xmx256m}), a pool of 65,534 addresses on PostgreSQL,
 * sessions opened through its RADIUS front (a FreeRADIUS upstream that accepts everything) and left
 * open. The heap in use is read after a full collection ({@code jcmd GC.run}, then {@code GC.heap_info})
 * when it has started, and after every 2,500 sessions. Run: {@code mvn -B -pl gateway -am test
 * -Pbenchmark -Dtest=GatewayHeapBenchmark -Dsurefire.failIfNoSpecifiedTests=false}.
 */
@Tag("benchmark")
class GatewayHeapBenchmark {

    private static final String SECRET = "bench-secret-heap-0123456789";
    private static final int SESSIONS = Integer.getInteger("bench.sessions", 10_000);
    private static final Pattern USED = Pattern.compile("used (\\d+)K");

    @Test
    void heapWithTenThousandLiveSessions() throws Exception {
        Path dir = Scratch.directory("swanledger-heap-bench-");
        Stores stores = Stores.fresh(Stores.Kind.POSTGRESQL);
        int auth = FreeRadius.freeUdpPort();
        try (FreeRadius upstream = FreeRadius.acceptOnly(dir.resolve("upstream"), SECRET);
             GatewayProcess gateway = GatewayProcess.start(stores, dir, "gateway",
                     GroupCommitCrashTest.acceptingGateway("vpn-heap", auth, upstream.port, SECRET))) {
            InetSocketAddress at = new InetSocketAddress("127.0.0.1", auth);
            List<String> rows = new ArrayList<>();
            rows.add(row(0, usedAfterFullGc(gateway.pid())));
            int open = 0;
            while (open < SESSIONS) {
                int n = Math.min(2_500, SESSIONS - open);
                LoadGenerator.Result r = LoadGenerator.closedLoop("heap", at, SECRET, "h" + open, n, 16);
                assertEquals(n, r.accepted(), "every session accepted with an address");
                assertEquals(0, r.duplicates());
                open += n;
                rows.add(row(open, usedAfterFullGc(gateway.pid())));
            }
            String table = "| live sessions | heap in use after a full GC (MiB) | heap limit (MiB) |\n|---:|---:|---:|\n"
                    + String.join("\n", rows) + "\n";
            System.out.println("\n" + table);
            Path out = Path.of("target", "benchmarks");
            Files.createDirectories(out);
            Files.writeString(out.resolve("gateway-heap.md"), table);
        } finally {
            stores.drop();
        }
    }

    private static String row(int sessions, long usedKib) {
        return String.format("| %,d | %.1f | 256 |", sessions, usedKib / 1024.0);
    }

    private static long usedAfterFullGc(long pid) throws Exception {
        jcmd(pid, "GC.run");
        Matcher m = USED.matcher(jcmd(pid, "GC.heap_info"));
        if (!m.find()) {
            throw new AssertionError("no heap figure from jcmd GC.heap_info");
        }
        return Long.parseLong(m.group(1));
    }

    private static String jcmd(long pid, String command) throws Exception {
        Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
        Process p = new ProcessBuilder(jcmd.toString(), Long.toString(pid), command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new AssertionError("jcmd " + command + " failed: " + out);
        }
        return out;
    }
}
