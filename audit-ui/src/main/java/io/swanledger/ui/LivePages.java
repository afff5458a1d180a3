package io.swanledger.ui;

import jakarta.servlet.http.HttpServletRequest;
import java.util.Map;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * Live sessions per gateway, and the terminate: a confirmation page with a mandatory reason, then the
 * gateway's operator API as the operator, then the session page, which shows "requested" until the
 * {@code SessionClosed} event has reached the trail.
 */
@Controller
class LivePages {

    private final QuerySide querySide;
    private final Gateways gateways;
    private final UiProperties properties;

    LivePages(QuerySide querySide, Gateways gateways, UiProperties properties) {
        this.querySide = querySide;
        this.gateways = gateways;
        this.properties = properties;
    }

    @GetMapping("/live")
    String live(@RequestParam Map<String, String> raw, @AuthenticationPrincipal Person me, HttpServletRequest request,
                Model model) {
        model.addAttribute("gateways", properties.gateways());
        model.addAttribute("f", new QuerySide.Lenient(raw));
        TrailPages.page(model, request, querySide.get(me, "/api/live-sessions", PageModel.params("gateway", raw.get("gateway"),
                "size", "50", "after", raw.get("after"), "before", raw.get("before"))).map());
        return "live";
    }

    @GetMapping("/live/{id}/terminate")
    String confirm(@PathVariable("id") String id, @AuthenticationPrincipal Person me, Model model) {
        Map<String, Object> s = querySide.get(me, "/api/sessions/" + SessionPages.encodePath(id), PageModel.params("size", "1")).map();
        model.addAttribute("s", s);
        model.addAttribute("gateway", properties.gateway(gatewayOf(s)));
        return "terminate";
    }

    @PostMapping("/live/{id}/terminate")
    String terminate(@PathVariable("id") String id, @RequestParam(name = "reason", required = false) String reason,
                     @AuthenticationPrincipal Person me, Model model, RedirectAttributes redirect) {
        Map<String, Object> s = querySide.get(me, "/api/sessions/" + SessionPages.encodePath(id), PageModel.params("size", "1")).map();
        UiProperties.Gateway gateway = properties.gateway(gatewayOf(s));
        if (reason == null || reason.isBlank() || reason.length() > 200) {
            model.addAttribute("s", s);
            model.addAttribute("gateway", gateway);
            model.addAttribute("problem", "Give a reason (up to 200 characters): it is recorded with the close.");
            return "terminate";
        }
        if (gateway == null) {
            model.addAttribute("s", s);
            model.addAttribute("problem", "Gateway " + gatewayOf(s) + " is not configured here (swanledger.ui.gateways).");
            return "terminate";
        }
        Gateways.Termination result = gateways.terminate(gateway, me, String.valueOf(((Map<?, ?>) s.get("session")).get("id")),
                reason.strip());
        if (!result.accepted()) {
            model.addAttribute("s", s);
            model.addAttribute("gateway", gateway);
            model.addAttribute("problem", result.message());
            return "terminate";
        }
        redirect.addFlashAttribute("termination", result);
        return "redirect:/sessions/" + SessionPages.encodePath(id) + "?termination=requested";
    }

    private static String gatewayOf(Map<String, Object> s) {
        Object observer = s.get("observer");
        return observer instanceof Map<?, ?> m ? String.valueOf(m.get("name")) : null;
    }
}
