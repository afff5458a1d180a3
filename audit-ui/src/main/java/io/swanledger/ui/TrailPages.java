package io.swanledger.ui;

import jakarta.servlet.http.HttpServletRequest;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.RequestParam;

/** Lab-VLAN access and the list's history, event search (failed logins, operator actions), and the audit log. */
@Controller
class TrailPages {

    private final QuerySide querySide;

    TrailPages(QuerySide querySide) {
        this.querySide = querySide;
    }

    @GetMapping("/vlan-access")
    String vlanAccess(@RequestParam Map<String, String> raw, @AuthenticationPrincipal Person me,
                      @ModelAttribute("t") Times t, HttpServletRequest request, Model model) {
        String canonical = SessionPages.canonical(request, t, "at", "from", "to");
        if (canonical != null) {
            return "redirect:" + canonical;
        }
        Instant at = raw.get("at") == null ? Times.now() : t.parse("at", raw.get("at"));
        Instant from = raw.get("from") == null ? Times.ago(Duration.ofDays(90)) : t.parse("from", raw.get("from"));
        Instant to = t.parse("to", raw.get("to"));
        model.addAttribute("f", new QuerySide.Lenient(raw));
        model.addAttribute("at", at);
        model.addAttribute("from", from);
        model.addAttribute("to", to);
        if (raw.get("vlan") != null && !raw.get("vlan").isBlank()) {
            model.addAttribute("access", querySide.get(me, "/api/vlan-access",
                    PageModel.params("vlan", raw.get("vlan"), "at", at.toString())).map());
        }
        Map<String, String> history = PageModel.params("category", "vlan", "from", from.toString(),
                "to", to == null ? null : to.toString(), "size", "50", "after", raw.get("after"), "before", raw.get("before"));
        page(model, request, querySide.get(me, "/api/events", history).map());
        return "vlan-access";
    }

    @GetMapping("/events")
    String events(@RequestParam Map<String, String> raw, @AuthenticationPrincipal Person me, @ModelAttribute("t") Times t,
                  HttpServletRequest request, Model model) {
        return search("events", "/api/events", List.of("account", "type", "category"), raw, me, t, request, model);
    }

    @GetMapping("/audit")
    String audit(@RequestParam Map<String, String> raw, @AuthenticationPrincipal Person me, @ModelAttribute("t") Times t,
                 HttpServletRequest request, Model model) {
        return search("audit", "/api/audit", List.of("user", "action", "outcome"), raw, me, t, request, model);
    }

    /** A search over a range [from, to) with some filters, 50 a page: the events and the audit log. */
    private String search(String view, String api, List<String> filters, Map<String, String> raw, Person me, Times t,
                          HttpServletRequest request, Model model) {
        String canonical = SessionPages.canonical(request, t, "from", "to");
        if (canonical != null) {
            return "redirect:" + canonical;
        }
        Instant from = t.parse("from", raw.get("from"));
        Instant to = t.parse("to", raw.get("to"));
        model.addAttribute("f", new QuerySide.Lenient(raw));
        model.addAttribute("from", from);
        model.addAttribute("to", to);
        model.addAttribute("presets", Presets.of(request, t));
        Map<String, String> query = new LinkedHashMap<>();
        for (String f : filters) {
            query.putAll(PageModel.params(f, raw.get(f)));
        }
        query.putAll(PageModel.params("from", from == null ? null : from.toString(), "to", to == null ? null : to.toString(),
                "size", "50", "after", raw.get("after"), "before", raw.get("before")));
        page(model, request, querySide.get(me, api, query).map());
        return view;
    }

    /** A result and the links to the pages beside it. */
    static void page(Model model, HttpServletRequest request, Map<String, Object> result) {
        model.addAttribute("result", result);
        Map<String, Object> links = new QuerySide.Lenient();
        if (result.get("next") != null) {
            links.put("next", Links.here(request, "before", null, "after", String.valueOf(result.get("next"))));
        }
        if (result.get("previous") != null) {
            links.put("previous", Links.here(request, "after", null, "before", String.valueOf(result.get("previous"))));
        }
        model.addAttribute("links", links);
    }
}
