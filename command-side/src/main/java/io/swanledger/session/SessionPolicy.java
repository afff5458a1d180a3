package io.swanledger.session;

import io.swanledger.api.InvalidValueException;
import java.time.Duration;

/**
 * Site policy for sessions: how long an authorized session may take to come up, and what happens to
 * a login that asks for a lab VLAN it may not have — ordinary access as in the seed ({@code ordinary})
 * or a refusal ({@code reject}).
 */
public record SessionPolicy(Duration establishTimeout, UnlistedPair unlistedPair) {

    public enum UnlistedPair { ORDINARY, REJECT }

    public static final SessionPolicy DEFAULT = new SessionPolicy(Duration.ofSeconds(60), UnlistedPair.ORDINARY);

    public SessionPolicy {
        if (establishTimeout == null || establishTimeout.isNegative() || establishTimeout.isZero()
                || establishTimeout.compareTo(Duration.ofHours(1)) > 0) {
            throw new InvalidValueException("swanledger.session.establish-timeout", "must be between 1 s and 1 h", establishTimeout);
        }
        if (unlistedPair == null) {
            throw new InvalidValueException("swanledger.vlan.unlisted-pair", "must be ordinary or reject");
        }
    }
}
