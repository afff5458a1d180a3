package io.swanledger.ui;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * Who held an address (the landing page), the session search with its CSV export, and one session
 * with its timeline. Times typed without an offset are read in the zone shown and the page is
 * reloaded at a URL that carries the offset: what is bookmarked is absolute.
 */
@Controller
class SessionPages {

    private final QuerySide querySide;

    SessionPages(QuerySide querySide) {
        this.querySide = querySide;
    }

    @GetMapping("/login")
    String login() {
        return "login";
    }

    @GetMapping("/")
    String whoHeld(@RequestParam(name = "ip", required = false) String ip, @RequestParam(name = "at", required = false) String at,
                   @AuthenticationPrincipal Person me, @ModelAttribute("t") Times t, HttpServletRequest request,
                   Model model) {
        String canonical = canonical(request, t, "at");
        if (canonical != null) {
            return "redirect:" + canonical;
        }
        Instant instant = at == null ? Times.now() : t.parse("at", at);
        model.addAttribute("ip", ip == null ? "" : ip.strip());
        model.addAttribute("at", instant);
        if (ip != null && !ip.isBlank() && at != null) {
            Map<String, Object> answer = querySide.get(me, "/api/sessions", PageModel.params("ip", ip, "at", instant.toString())).map();
            model.addAttribute("answer", answer);
            model.addAttribute("permalink", Links.here(request));
            // the surrounding day: who held the address before and after
            Instant from = instant.minus(Duration.ofHours(12));
            Instant to = instant.plus(Duration.ofHours(12));
            Map<String, Object> leases = querySide.get(me, "/api/leases",
                    PageModel.params("ip", ip, "from", from.toString(), "to", to.toString())).map();
            List<Charts.Lease> bars = new ArrayList<>();
            for (Object o : (List<?>) leases.get("sessions")) {
                Map<?, ?> s = (Map<?, ?>) o;
                Map<?, ?> lease = (Map<?, ?>) s.get("lease");
                Instant start = Instant.parse(String.valueOf(lease.get("gte")));
                Instant end = lease.get("lt") == null ? null : Instant.parse(String.valueOf(lease.get("lt")));
                String id = String.valueOf(((Map<?, ?>) s.get("session")).get("id"));
                bars.add(new Charts.Lease(String.valueOf(((Map<?, ?>) s.get("user")).get("name")), start, end,
                        "/sessions/" + id + "?tz=" + t.tz(), !start.isAfter(instant) && (end == null || end.isAfter(instant))));
            }
            model.addAttribute("leases", leases.get("sessions"));
            model.addAttribute("picture", Charts.leases(bars, from, to, instant, t));
        }
        return "who-held";
    }

    @GetMapping("/sessions")
    String sessions(@RequestParam Map<String, String> raw, @AuthenticationPrincipal Person me,
                    @ModelAttribute("t") Times t, HttpServletRequest request, Model model) {
        String canonical = canonical(request, t, "from", "to");
        if (canonical != null) {
            return "redirect:" + canonical;
        }
        Instant from = t.parse("from", raw.get("from"));
        Instant to = t.parse("to", raw.get("to"));
        Map<String, String> filters = filters(raw, from == null ? null : from.toString(), to == null ? null : to.toString());
        Map<String, String> query = new java.util.LinkedHashMap<>(filters);
        query.put("size", "25");
        query.putAll(PageModel.params("after", raw.get("after"), "before", raw.get("before")));
        model.addAttribute("f", new QuerySide.Lenient(raw));
        model.addAttribute("from", from);
        model.addAttribute("to", to);
        model.addAttribute("presets", Presets.of(request, t));
        Map<String, Object> result = querySide.get(me, "/api/sessions", query).map();
        TrailPages.page(model, request, result);
        model.addAttribute("exportRows", Math.min(((Number) result.get("total")).longValue(),
                ((Number) result.get("export_max_rows")).longValue()));
        model.addAttribute("exportLink", "/sessions/export.csv" + QuerySide.queryString(filters));
        return "sessions";
    }

    /** The search as a CSV file, streamed from the query side as it arrives; its name and cap are the query side's. */
    @GetMapping("/sessions/export.csv")
    void export(@RequestParam Map<String, String> raw, @AuthenticationPrincipal Person me, HttpServletResponse response)
            throws IOException {
        querySide.relayCsv(me, "/api/sessions", filters(raw, raw.get("from"), raw.get("to")), response,
                "Content-Disposition", "X-Total-Count", "X-Export-Rows", "X-Export-Cap");
    }

    /** The session search's filters as the query side names them; the range as given. */
    private static Map<String, String> filters(Map<String, String> raw, String from, String to) {
        return PageModel.params("account", raw.get("account"), "vlan", raw.get("vlan"), "peer", raw.get("peer"),
                "gateway", raw.get("gateway"), "status", raw.get("status"), "from", from, "to", to);
    }

    @GetMapping("/sessions/{id}")
    String session(@PathVariable("id") String id, @RequestParam(name = "after", required = false) String after,
                   @RequestParam(name = "termination", required = false) String termination,
                   @AuthenticationPrincipal Person me, Model model) {
        boolean later = after != null && !after.isBlank();
        // a later page is fetched on its own: the session then comes with one event, not a first page thrown away
        Map<String, Object> s = querySide.get(me, "/api/sessions/" + encodePath(id), PageModel.params("size", later ? "1" : "100"))
                .map();
        model.addAttribute("s", s);
        statusModel(s, termination, model);
        if (later) {
            Map<String, Object> page = querySide.get(me, "/api/sessions/" + encodePath(id) + "/timeline",
                    PageModel.params("size", "100", "after", after)).map();
            model.addAttribute("timeline", page.get("events"));
            model.addAttribute("timelineNext", page.get("next"));
            model.addAttribute("timelineOffset", -1);
        } else {
            model.addAttribute("timeline", s.get("timeline"));
            model.addAttribute("timelineNext", s.get("timeline_next"));
        }
        return "session";
    }

    /** The close as the trail has it: polled by the session page while a termination is only requested. */
    @GetMapping("/sessions/{id}/status")
    String status(@PathVariable("id") String id, @RequestParam(name = "termination", required = false) String termination,
                  @AuthenticationPrincipal Person me, Model model, HttpServletResponse response) {
        Map<String, Object> s = querySide.get(me, "/api/sessions/" + encodePath(id), PageModel.params("size", "1")).map();
        model.addAttribute("s", s);
        statusModel(s, termination, model);
        if (model.getAttribute("poll") == null) {
            response.setHeader("HX-Refresh", "true"); // confirmed: the whole page again, timeline and lease with the close
        }
        return "session :: status";
    }

    /** Whether the page waits for a requested termination's close: then it polls the status until the trail has it. */
    private static void statusModel(Map<String, Object> s, String termination, Model model) {
        boolean requested = termination != null;
        Map<?, ?> session = (Map<?, ?>) s.get("session");
        boolean waiting = requested && "open".equals(session.get("status"));
        model.addAttribute("requested", requested);
        model.addAttribute("poll", waiting ? "/sessions/" + encodePath(String.valueOf(session.get("id"))) + "/status?termination=requested"
                : null);
    }

    static String encodePath(String id) {
        // only what a session id can hold; anything else is the query side's 400 to report
        return id.matches("[A-Za-z0-9-]{1,64}") ? id : java.net.URLEncoder.encode(id, java.nio.charset.StandardCharsets.UTF_8);
    }

    /**
     * The URL of this page with {@code fields} given with an offset, when one was typed without (a
     * {@code datetime-local} field, read in the zone shown); null when the URL is canonical already.
     */
    static String canonical(HttpServletRequest request, Times t, String... fields) {
        java.util.List<String> changes = new ArrayList<>();
        for (String f : fields) {
            String v = request.getParameter(f);
            if (v == null) {
                continue;
            }
            if (v.isBlank()) {
                changes.add(f);
                changes.add(null);
            } else if (!v.matches(".*([+-]\\d{2}:\\d{2}|Z)$")) {
                changes.add(f);
                changes.add(t.link(t.parse(f, v)));
            }
        }
        if (request.getParameter("tz") == null) {
            changes.add("tz");
            changes.add(t.tz());
        }
        return changes.isEmpty() ? null : Links.here(request, changes.toArray(String[]::new));
    }
}
