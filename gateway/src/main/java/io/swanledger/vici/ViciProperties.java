package io.swanledger.vici;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code swanledger.vici.*}: where charon's VICI socket is (unset: no VICI link — accounting alone
 * drives sessions, nothing is reconciled and admin terminate is unavailable), how often the history
 * is compared with {@code list-sas}, and how young a session or SA may be and still be left alone by
 * that comparison (an IKE_AUTH in flight is not a discrepancy).
 */
@ConfigurationProperties("swanledger.vici")
public record ViciProperties(String socket,
                             @DefaultValue("60s") Duration reconcilePeriod,
                             @DefaultValue("30s") Duration grace,
                             @DefaultValue("10s") Duration terminateTimeout) {

    public boolean enabled() {
        return socket != null && !socket.isBlank();
    }
}
