package io.swanledger.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.MatchResult;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The benchmark measures the gateway with the JVM flags it runs with in service: the systemd unit, the
 * image and the benchmark script name the same heap limit and the same collector (the collector alone
 * moved the full-churn rate by 7-10 %, docs/benchmarks.md).
 */
class ServiceJvmFlagsTest {

    /** A heap limit or a collector, as a JVM command line names them. */
    private static final Pattern FLAG = Pattern.compile("-Xmx\\w+|-XX:\\+Use\\w+GC");
    private static final Path ROOT = Path.of("..");

    @Test
    void unitImageAndBenchmarkRunTheGatewayWithTheSameHeapAndCollector() throws IOException {
        List<String> unit = flags("packaging/systemd/swanledger-gateway.service", "ExecStart=");
        List<String> image = flags("gateway/Dockerfile", "ENTRYPOINT");
        List<String> benchmark = flags("scripts/bench-radius-front.sh", "-DargLine=");
        assertEquals(2, unit.size(), "one heap limit and one collector in the unit: " + unit);
        assertEquals(unit, image, "the image runs the gateway as the unit does");
        assertEquals(unit, benchmark, "the benchmark runs the gateway as the unit does");
    }

    /** The flags on the first line of {@code file} that contains {@code marker}. */
    private static List<String> flags(String file, String marker) throws IOException {
        String line = Files.readAllLines(ROOT.resolve(file)).stream().filter(l -> l.contains(marker)).findFirst()
                .orElseThrow(() -> new AssertionError(file + " has no line with " + marker));
        return FLAG.matcher(line).results().map(MatchResult::group).sorted().toList();
    }
}
