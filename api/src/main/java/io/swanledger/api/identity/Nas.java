package io.swanledger.api.identity;

import io.swanledger.api.InvalidValueException;
import io.swanledger.api.Inputs;
import io.swanledger.api.net.Ipv4Address;

/**
 * The RADIUS client (strongSwan's eap-radius on a VPN host) that asked: its source address and, when
 * it sent one, its NAS-Identifier (printable ASCII, at most 64 characters).
 */
public record Nas(Ipv4Address address, String identifier) {

    public Nas {
        Inputs.required("NAS address", address);
        if (identifier != null) {
            Inputs.text("NAS identifier", identifier, 64);
            for (int i = 0; i < identifier.length(); i++) {
                char c = identifier.charAt(i);
                if (c < 0x21 || c > 0x7e) {
                    throw new InvalidValueException("NAS identifier", "must be printable ASCII without spaces", identifier);
                }
            }
        }
    }
}
