package io.swanledger.api.session;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import io.swanledger.api.InvalidValueException;

/** Why a session ended. */
public enum CloseReason {
    /** The client or the NAS ended it normally (RADIUS Stop, VICI down). */
    DISCONNECTED("disconnected"),
    /** Authorized, but no tunnel came up within the deadline. */
    NEVER_ESTABLISHED("never-established"),
    /** An operator terminated it. */
    ADMIN("admin"),
    /** The NAS announced Accounting-On/Off: everything it had before is gone. */
    NAS_RESTART("nas-restart"),
    /** The gateway found no SA for it when comparing history with strongSwan. */
    RECONCILED("reconciled"),
    /** The NAS ended it for idle or session timeout. */
    TIMEOUT("timeout"),
    /** The client's login failed after authorization (e.g. IKE_AUTH aborted). */
    FAILED("failed"),
    /**
     * Neither accounting nor strongSwan showed a sign of life for longer than the site allows (its end
     * was missed: a Stop sent while the gateway was down is not sent again); closed as of when it was
     * last seen alive.
     */
    ACCOUNTING_LOST("accounting-lost");

    private final String wire;

    CloseReason(String wire) {
        this.wire = wire;
    }

    @JsonValue
    public String wire() {
        return wire;
    }

    @JsonCreator
    public static CloseReason fromWire(String text) {
        for (CloseReason r : values()) {
            if (r.wire.equals(text)) {
                return r;
            }
        }
        throw new InvalidValueException("close reason", "is not one of disconnected, never-established, admin, "
                + "nas-restart, reconciled, timeout, failed, accounting-lost", text);
    }
}
