package io.swanledger.api.identity;

import com.fasterxml.jackson.annotation.JsonValue;

/** How the upstream AAA server authenticated the client. */
public enum AuthMethod {
    EAP_MSCHAPV2("eap-mschapv2"),
    EAP_TLS("eap-tls"),
    EAP_OTHER("eap-other"),
    PUBKEY("pubkey");

    private final String wire;

    AuthMethod(String wire) {
        this.wire = wire;
    }

    @JsonValue
    public String wire() {
        return wire;
    }
}
