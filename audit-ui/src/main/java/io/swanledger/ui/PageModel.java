package io.swanledger.ui;

import jakarta.servlet.http.HttpServletRequest;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ModelAttribute;

/** What every page shows: who is signed in, the zone in force and the link that switches it. */
@ControllerAdvice
class PageModel {

    private final UiProperties properties;

    PageModel(UiProperties properties) {
        this.properties = properties;
    }

    @ModelAttribute("me")
    Person me() {
        Authentication a = SecurityContextHolder.getContext().getAuthentication();
        return a != null && a.getPrincipal() instanceof Person p ? p : null;
    }

    @ModelAttribute("t")
    Times times(HttpServletRequest request) {
        return new Times(request.getParameter("tz"), properties.site());
    }

    /** This page's URL with the other zone: same instants, shown differently. */
    @ModelAttribute("switchZone")
    String switchZone(HttpServletRequest request) {
        String tz = "utc".equals(request.getParameter("tz")) ? "site" : "utc";
        return Links.here(request, "tz", tz);
    }

    /** The parameters of a search that are set, in the order given: for links and the query side. */
    static Map<String, String> params(String... pairs) {
        Map<String, String> m = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            if (pairs[i + 1] != null && !pairs[i + 1].isBlank()) {
                m.put(pairs[i], pairs[i + 1].strip());
            }
        }
        return m;
    }
}
