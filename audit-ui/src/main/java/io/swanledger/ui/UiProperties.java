package io.swanledger.ui;

import java.net.URI;
import java.time.Duration;
import java.time.ZoneId;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * {@code swanledger.ui.*}: where the query side is, the gateways an operator may terminate on, the
 * site's time zone (beside UTC) and how long a sign-in lasts.
 */
@ConfigurationProperties("swanledger.ui")
record UiProperties(URI queryUrl, String siteZone, List<Gateway> gateways, Duration absoluteLifetime) {

    /** A gateway's name (its {@code swanledger.gateway.id}) and the base URL of its operator API. */
    record Gateway(String name, URI url) {
    }

    UiProperties {
        if (queryUrl == null || queryUrl.getHost() == null) {
            throw new IllegalStateException("swanledger.ui.query-url: the query side's base URL, e.g. https://audit-api.example.edu:8080");
        }
        siteZone = siteZone == null || siteZone.isBlank() ? "UTC" : siteZone;
        try {
            ZoneId.of(siteZone);
        } catch (java.time.DateTimeException e) {
            throw new IllegalStateException("swanledger.ui.site-zone: not a time zone id such as Asia/Tokyo: " + siteZone);
        }
        gateways = gateways == null ? List.of() : List.copyOf(gateways);
        for (Gateway g : gateways) {
            if (g.name() == null || g.url() == null || g.url().getHost() == null) {
                throw new IllegalStateException("swanledger.ui.gateways: each needs a name and a url such as https://vpn1.example.edu:8442");
            }
        }
        absoluteLifetime = absoluteLifetime == null ? Duration.ofHours(12) : absoluteLifetime;
    }

    ZoneId site() {
        return ZoneId.of(siteZone);
    }

    Gateway gateway(String name) {
        return gateways.stream().filter(g -> g.name().equals(name)).findFirst().orElse(null);
    }
}
