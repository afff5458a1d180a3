package io.swanledger.api.session;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import io.swanledger.api.Inputs;
import io.swanledger.api.InvalidValueException;
import io.swanledger.api.identity.AccountName;
import io.swanledger.api.identity.CertificateDn;
import io.swanledger.api.identity.GatewayId;
import io.swanledger.api.identity.Nas;
import io.swanledger.api.net.PeerEndpoint;
import java.time.Instant;

/**
 * Records a refused login (see {@link AuthenticationRejected}). {@code sentName} is only kept when
 * the name was not a valid identity, and only as {@link Inputs#quote escaped, bounded} text, so that
 * an attacker's bytes never reach the audit trail raw.
 */
public record RecordAuthenticationRejection(AccountName account, String sentName, PeerEndpoint peer, Nas nas,
                                            Reason reason, String detail, String certificateSubject,
                                            String certificateIssuer, GatewayId gateway, Instant at) {

    public enum Reason {
        /** The upstream AAA server answered Access-Reject (wrong password, unknown user, bad certificate). */
        UPSTREAM_REJECT("upstream-reject"),
        /** The name sent was not {@code account} or {@code account@N}. */
        INVALID_IDENTITY("invalid-identity"),
        /** The upstream accepted a certificate whose issuer or subject our policy refuses. */
        CERTIFICATE_POLICY("certificate-policy");

        private final String wire;

        Reason(String wire) {
            this.wire = wire;
        }

        @JsonValue
        public String wire() {
            return wire;
        }

        @JsonCreator
        public static Reason fromWire(String text) {
            for (Reason r : values()) {
                if (r.wire.equals(text)) {
                    return r;
                }
            }
            throw new InvalidValueException("rejection reason", "is not one of upstream-reject, invalid-identity, "
                    + "certificate-policy", text);
        }
    }

    public RecordAuthenticationRejection {
        if (account == null && sentName == null) {
            throw new InvalidValueException("account", "or the name sent is required");
        }
        if (sentName != null) {
            Inputs.text("sent name", sentName, 160);
        }
        Inputs.required("NAS", nas);
        Inputs.required("rejection reason", reason);
        if (detail != null) {
            Inputs.text("rejection detail", detail, 256);
        }
        CertificateDn.check("certificate subject", certificateSubject);
        CertificateDn.check("certificate issuer", certificateIssuer);
        Inputs.required("gateway", gateway);
        Inputs.required("time", at);
    }

    /** The rejection of a name that is not a valid identity: kept only as escaped, bounded text. */
    public static RecordAuthenticationRejection invalidIdentity(String rawName, String why, PeerEndpoint peer, Nas nas,
                                                                GatewayId gateway, Instant at) {
        return new RecordAuthenticationRejection(null, asciiQuote(rawName), peer, nas, Reason.INVALID_IDENTITY,
                why.length() > 256 ? why.substring(0, 256) : why, null, null, gateway, at);
    }

    /**
     * Printable ASCII only: everything else (controls, bidi overrides, full-width look-alikes) as
     * backslash-u escapes, at most 64 characters of input, so an auditor sees exactly what was sent.
     */
    static String asciiQuote(String raw) {
        if (raw == null) {
            return "(none)";
        }
        StringBuilder out = new StringBuilder();
        int n = Math.min(raw.length(), 64);
        for (int i = 0; i < n; i++) {
            char c = raw.charAt(i);
            if (c >= 0x20 && c < 0x7f && c != '\\') {
                out.append(c);
            } else {
                out.append(String.format("\\u%04x", (int) c));
            }
        }
        if (raw.length() > n) {
            out.append("...(").append(raw.length()).append(" chars)");
        }
        return out.length() > 160 ? out.substring(0, 160) : out.toString();
    }
}
