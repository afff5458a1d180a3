package io.swanledger.ui;

import jakarta.servlet.http.HttpServletRequest;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/** Links to this page with some parameters changed: built from the decoded parameters and encoded once. */
final class Links {

    private Links() {
    }

    /** {@code changes} pairs: name, new value (null removes it). */
    static String here(HttpServletRequest request, String... changes) {
        Map<String, String> params = new LinkedHashMap<>();
        request.getParameterMap().forEach((k, v) -> {
            if (v.length > 0 && !k.equals("_csrf")) {
                params.put(k, v[0]);
            }
        });
        for (int i = 0; i < changes.length; i += 2) {
            if (changes[i + 1] == null) {
                params.remove(changes[i]);
            } else {
                params.put(changes[i], changes[i + 1]);
            }
        }
        return request.getRequestURI() + query(params);
    }

    static String query(Map<String, String> params) {
        StringBuilder b = new StringBuilder();
        params.forEach((k, v) -> {
            if (v != null) {
                b.append(b.isEmpty() ? '?' : '&').append(URLEncoder.encode(k, StandardCharsets.UTF_8)).append('=')
                        .append(URLEncoder.encode(v, StandardCharsets.UTF_8));
            }
        });
        return b.toString();
    }
}
