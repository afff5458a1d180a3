package io.swanledger.radius;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.swanledger.api.net.Ipv4Address;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class RadiusSettingsTest {

    private static RadiusProperties properties(List<RadiusProperties.Client> clients, List<RadiusProperties.Upstream> ups,
                                               RadiusProperties.Certificate cert) {
        return new RadiusProperties("127.0.0.1", 1812, 1813, clients, ups, Duration.ofMillis(600), Duration.ofSeconds(30),
                "127.0.0.1", 8, 10000, Duration.ofSeconds(30), "data/accounting-spool", cert);
    }

    @Test
    void acceptsAWorkingConfiguration() {
        RadiusSettings s = new RadiusSettings(properties(
                List.of(new RadiusProperties.Client("127.0.0.1", "nas-secret", "vpn1")),
                List.of(new RadiusProperties.Upstream("10.0.0.5", 1812, "aaa-secret", null)),
                new RadiusProperties.Certificate("59051:1", "59051:2", null, List.of("/CN=Campus CA"), "^/C=JP/.*", false)));
        assertEquals("vpn1", s.client(Ipv4Address.parse("127.0.0.1")).name());
        assertEquals(new RadiusSettings.AttributeRef(59051, 2), s.issuerAttribute);
        assertEquals("10.0.0.5:1812", s.upstreams.get(0).name());
    }

    @Test
    void reportsEveryMistakeAtOnceWithoutTheSecrets() {
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> new RadiusSettings(properties(
                List.of(new RadiusProperties.Client("nas.example.org", "top secret with spaces", null)),
                List.of(new RadiusProperties.Upstream("10.0.0.5", 0, "", null)),
                new RadiusProperties.Certificate("x:1", null, null, List.of("/CN=x"), "(unclosed", false))));
        String m = e.getMessage();
        assertTrue(m.contains("swanledger.radius.clients[0].address"), m);
        assertTrue(m.contains("swanledger.radius.clients[0].secret: only printable ASCII"), m);
        assertTrue(m.contains("swanledger.radius.upstreams[0].port"), m);
        assertTrue(m.contains("swanledger.radius.upstreams[0].secret: a shared secret is required"), m);
        assertTrue(m.contains("subject-attribute"), m);
        assertTrue(m.contains("subject-pattern"), m);
        assertTrue(m.contains("allowed-issuers needs"), m);
        assertFalse(m.contains("top secret"), m);
    }

    @Test
    void requiresAtLeastOneNasAndOneUpstream() {
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> new RadiusSettings(properties(null, null, null)));
        assertTrue(e.getMessage().contains("at least one NAS"));
        assertTrue(e.getMessage().contains("at least one AAA server"));
    }
}
