package io.swanledger.live;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code swanledger.session.*} as the gateway uses it (the establish deadline is the command side's):
 * the Acct-Interim-Interval every Access-Accept carries unless the upstream sent one (strongSwan's
 * eap-radius then sends an Interim-Update that often), and after how many such intervals without
 * accounting or a VICI sign of life a session is closed {@code accounting-lost} (0: never).
 */
@ConfigurationProperties("swanledger.session")
public record SessionProperties(@DefaultValue("10m") Duration interimInterval,
                                @DefaultValue("3") int lostAfterIntervals) {

    public SessionProperties {
        if (interimInterval.toSeconds() < 1 || interimInterval.toSeconds() > 86_400) {
            throw new IllegalStateException("swanledger.session.interim-interval must be between 1 s and 24 h, not "
                    + interimInterval);
        }
        if (lostAfterIntervals < 0 || lostAfterIntervals > 1000) {
            throw new IllegalStateException("swanledger.session.lost-after-intervals must be 0 (never) to 1000, not "
                    + lostAfterIntervals);
        }
    }

    /** How long a session may stay silent; null when silent sessions are kept. */
    public Duration lostAfter() {
        return lostAfterIntervals == 0 ? null : interimInterval.multipliedBy(lostAfterIntervals);
    }
}
