package io.swanledger.jvici;

import java.time.Instant;

/**
 * An {@code ike-updown} event: {@code up} is true for an IKE_SA that came up. Down events carry no
 * {@code up} key at all, and a failed login is a single down event in state CONNECTING (the SA never
 * came up) — {@link #failedLogin()} tells that case.
 */
public record IkeUpdown(boolean up, IkeSa sa, Instant receivedAt) {

    public static IkeUpdown of(ViciMessage m, Instant receivedAt) throws ViciProtocolException {
        boolean up = m.optBoolean("up").orElse(false);
        var sas = m.sections();
        if (sas.size() != 1) {
            throw new ViciProtocolException("ike-updown event with " + sas.size() + " IKE_SAs");
        }
        return new IkeUpdown(up, IkeSa.of(sas.get(0).name(), sas.get(0).section()), receivedAt);
    }

    public boolean failedLogin() {
        return !up && "CONNECTING".equals(sa.state());
    }
}
