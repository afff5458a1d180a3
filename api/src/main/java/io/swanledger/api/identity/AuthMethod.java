package io.swanledger.api.identity;

import com.fasterxml.jackson.annotation.JsonValue;

/** How the upstream AAA server authenticated the client. */
public enum AuthMethod {
    EAP_MSCHAPV2("eap-mschapv2"),
    EAP_TLS("eap-tls"),
    EAP_OTHER("eap-other"),
    PUBKEY("pubkey"),
    /**
     * Not seen by this gateway: the session was taken over from strongSwan's list of SAs when the
     * history had no session for an established IKE_SA (see the gateway's reconciler).
     */
    ADOPTED("adopted");

    private final String wire;

    AuthMethod(String wire) {
        this.wire = wire;
    }

    @JsonValue
    public String wire() {
        return wire;
    }
}
