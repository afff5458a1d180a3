package io.swanledger.ui;

import jakarta.servlet.http.HttpServletRequest;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/** "Last 24 h" and the like, resolved to absolute instants in the link itself: a shared link keeps its range. */
record Presets(String label, String href) {

    static List<Presets> of(HttpServletRequest request, Times t) {
        Instant now = Times.now();
        return List.of(preset(request, t, "Last hour", now.minus(Duration.ofHours(1)), now),
                preset(request, t, "Last 24 h", now.minus(Duration.ofDays(1)), now),
                preset(request, t, "Last 7 days", now.minus(Duration.ofDays(7)), now),
                preset(request, t, "Last 30 days", now.minus(Duration.ofDays(30)), now));
    }

    private static Presets preset(HttpServletRequest request, Times t, String label, Instant from, Instant to) {
        return new Presets(label, Links.here(request, "from", t.link(from), "to", t.link(to), "after", null, "before", null));
    }
}
