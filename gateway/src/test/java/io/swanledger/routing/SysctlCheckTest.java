package io.swanledger.routing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;

class SysctlCheckTest {

    @Test
    void saysNothingWhenTheHostIsSetUpLikeTheSeed() {
        Map<String, String> ok = Map.of("net.ipv4.ip_forward", "1", "net.ipv4.conf.all.rp_filter", "2",
                "net.ipv4.conf.default.rp_filter", "0", "net.ipv4.conf.all.send_redirects", "0",
                "net.ipv4.conf.all.accept_redirects", "0");
        assertEquals(0, SysctlCheck.warnings(ok::get).size());
    }

    @Test
    void namesEverySettingThatWouldBreakLabRouting() {
        Map<String, String> bad = Map.of("net.ipv4.ip_forward", "0", "net.ipv4.conf.all.rp_filter", "1",
                "net.ipv4.conf.default.rp_filter", "1", "net.ipv4.conf.all.send_redirects", "1",
                "net.ipv4.conf.all.accept_redirects", "1");
        var warnings = SysctlCheck.warnings(bad::get);
        assertEquals(5, warnings.size(), warnings.toString());
        assertTrue(warnings.get(0).contains("ip_forward"));
    }
}
