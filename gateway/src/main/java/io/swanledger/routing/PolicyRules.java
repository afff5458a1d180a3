package io.swanledger.routing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Policy rules at one priority, ours alone: read with {@code ip -j rule show}, changed in one
 * {@code ip -batch -}. A rule is kept as the text after {@code rule add}/{@code rule del}.
 */
final class PolicyRules {

    private static final ObjectMapper JSON = new ObjectMapper();

    private PolicyRules() {
    }

    /** Our rules now, as "from A/32 to P/L lookup T" or "fwmark M lookup T" (without the priority). */
    static Set<String> actual(KernelCommands kernel, int priority) {
        Set<String> out = new LinkedHashSet<>();
        try {
            for (JsonNode r : JSON.readTree(kernel.check(List.of("ip", "-j", "rule", "show"), null))) {
                if (r.path("priority").asInt(-1) != priority) {
                    continue;
                }
                String table = r.path("table").asText();
                if (r.has("fwmark")) {
                    out.add("fwmark " + Long.decode(r.path("fwmark").asText()) + " lookup " + table);
                } else {
                    out.add("from " + r.path("src").asText() + "/" + r.path("srclen").asInt(32) + " to "
                            + r.path("dst").asText() + "/" + r.path("dstlen").asInt(32) + " lookup " + table);
                }
            }
        } catch (IOException e) {
            throw new RoutingException("cannot read ip rule output: " + e.getMessage(), e);
        }
        return out;
    }

    /** Adds and removes so that exactly {@code desired} stands at {@code priority}; returns {added, removed}. */
    static int[] reconcile(KernelCommands kernel, int priority, Set<String> desired) {
        Set<String> actual = actual(kernel, priority);
        StringBuilder batch = new StringBuilder();
        int removed = 0;
        int added = 0;
        for (String rule : actual) {
            if (!desired.contains(rule)) {
                batch.append("rule del ").append(rule).append(" priority ").append(priority).append('\n');
                removed++;
            }
        }
        for (String rule : desired) {
            if (!actual.contains(rule)) {
                batch.append("rule add ").append(rule).append(" priority ").append(priority).append('\n');
                added++;
            }
        }
        if (batch.length() > 0) {
            kernel.check(List.of("ip", "-batch", "-"), batch.toString());
        }
        return new int[] {added, removed};
    }
}
