package io.swanledger.ui;

import java.time.Instant;
import java.util.List;
import java.util.Locale;
import org.springframework.web.util.HtmlUtils;

/**
 * Pictures as inline SVG drawn on the server: no script, nothing the Content-Security-Policy has to
 * allow, and they print. Colours come from presentation attributes (a style attribute would be inline CSS).
 */
final class Charts {

    /** A labelled value for a bar chart. */
    record Bar(String label, long value) {
    }

    /** A lease on the address timeline: who, [start, end), and the link to the session. */
    record Lease(String label, Instant start, Instant end, String href, boolean atTheInstant) {
    }

    private Charts() {
    }

    /** Vertical bars with the largest value on the axis; every {@code labelEvery}-th label is written. */
    static String bars(String title, List<Bar> bars, int labelEvery) {
        int w = 760;
        int h = 220;
        int left = 48;
        int bottom = 40;
        long max = Math.max(1, bars.stream().mapToLong(Bar::value).max().orElse(1));
        double slot = bars.isEmpty() ? 0 : (double) (w - left - 8) / bars.size();
        StringBuilder s = svg(w, h, title);
        s.append(text(4, 14, max + "", "start")).append(text(4, h - bottom, "0", "start"));
        s.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"#888\"/>", left, h - bottom,
                w - 4, h - bottom));
        for (int i = 0; i < bars.size(); i++) {
            Bar b = bars.get(i);
            double bh = (h - bottom - 10) * (double) b.value() / max;
            double x = left + i * slot + slot * 0.1;
            s.append(String.format(Locale.ROOT,
                    "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" fill=\"#2b6cb0\"><title>%s: %d</title></rect>",
                    x, h - bottom - bh, Math.max(1, slot * 0.8), bh, esc(b.label()), b.value()));
            if (labelEvery > 0 && i % labelEvery == 0) {
                s.append(text(x, h - bottom + 14, b.label(), "start"));
            }
        }
        return s.append("</svg>").toString();
    }

    /** Horizontal bars, one row per label (lab VLANs, duration buckets). */
    static String rows(String title, List<Bar> bars) {
        int w = 760;
        int row = 22;
        int h = Math.max(1, bars.size()) * row + 10;
        long max = Math.max(1, bars.stream().mapToLong(Bar::value).max().orElse(1));
        StringBuilder s = svg(w, h, title);
        for (int i = 0; i < bars.size(); i++) {
            Bar b = bars.get(i);
            double bw = 480.0 * b.value() / max;
            int y = 5 + i * row;
            s.append(text(4, y + 15, b.label(), "start"));
            s.append(String.format(Locale.ROOT, "<rect x=\"160\" y=\"%d\" width=\"%.1f\" height=\"16\" fill=\"#2f855a\"/>", y,
                    Math.max(1, bw)));
            s.append(text(166 + bw, y + 15, Long.toString(b.value()), "start"));
        }
        return s.append("</svg>").toString();
    }

    /**
     * An address's leases over [from, to) as bars on a time axis, the instant asked about as a red
     * line; each bar links to its session. Times on the axis are in {@code times}' zone.
     */
    static String leases(List<Lease> leases, Instant from, Instant to, Instant at, Times times) {
        int w = 760;
        int row = 24;
        int top = 24;
        int h = top + Math.max(1, leases.size()) * row + 30;
        double span = to.toEpochMilli() - from.toEpochMilli();
        StringBuilder s = svg(w, h, "Leases of this address from " + times.show(from) + " to " + times.show(to));
        for (int i = 0; i <= 4; i++) {
            double x = 10 + (w - 20) * i / 4.0;
            Instant tick = from.plusMillis((long) (span * i / 4));
            s.append(String.format(Locale.ROOT, "<line x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" y2=\"%d\" stroke=\"#ddd\"/>", x, top - 4,
                    x, h - 24));
            s.append(text(x, h - 8, times.show(tick).substring(5, 16).replace('T', ' '), i == 4 ? "end" : i == 0 ? "start" : "middle"));
        }
        for (int i = 0; i < leases.size(); i++) {
            Lease l = leases.get(i);
            Instant a = l.start().isBefore(from) ? from : l.start();
            Instant b = l.end() == null || l.end().isAfter(to) ? to : l.end();
            double x1 = 10 + (w - 20) * (a.toEpochMilli() - from.toEpochMilli()) / span;
            double x2 = 10 + (w - 20) * (b.toEpochMilli() - from.toEpochMilli()) / span;
            int y = top + i * row;
            s.append("<a href=\"").append(esc(l.href())).append("\">");
            s.append(String.format(Locale.ROOT,
                    "<rect x=\"%.1f\" y=\"%d\" width=\"%.1f\" height=\"18\" rx=\"3\" fill=\"%s\"><title>%s</title></rect>",
                    x1, y, Math.max(2, x2 - x1), l.atTheInstant() ? "#c05621" : "#4a5568", esc(l.label())));
            s.append(text(Math.min(x1 + 4, w - 200), y + 13, l.label(), "start", "#fff"));
            s.append("</a>");
        }
        if (at != null && !at.isBefore(from) && at.isBefore(to)) {
            double x = 10 + (w - 20) * (at.toEpochMilli() - from.toEpochMilli()) / span;
            s.append(String.format(Locale.ROOT, "<line x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" y2=\"%d\" stroke=\"#e53e3e\" stroke-width=\"2\"/>",
                    x, 6, x, h - 24));
            s.append(text(x, 14, times.show(at), "middle", "#e53e3e"));
        }
        return s.append("</svg>").toString();
    }

    private static StringBuilder svg(int w, int h, String title) {
        return new StringBuilder(String.format(Locale.ROOT,
                "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 %d %d\" width=\"100%%\" role=\"img\" aria-label=\"%s\"><title>%s</title>",
                w, h, esc(title), esc(title)));
    }

    private static String text(double x, double y, String text, String anchor) {
        return text(x, y, text, anchor, "#333");
    }

    private static String text(double x, double y, String text, String anchor, String fill) {
        return String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%.1f\" font-size=\"11\" text-anchor=\"%s\" fill=\"%s\">%s</text>", x, y,
                anchor, fill, esc(text));
    }

    private static String esc(String s) {
        return HtmlUtils.htmlEscape(s == null ? "" : s);
    }
}
