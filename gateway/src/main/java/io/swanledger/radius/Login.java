package io.swanledger.radius;

import io.swanledger.api.Inputs;
import io.swanledger.api.InvalidValueException;
import io.swanledger.api.identity.Identity;
import io.swanledger.api.identity.Nas;
import io.swanledger.api.net.Ipv4Address;
import io.swanledger.api.net.PeerEndpoint;
import java.time.Instant;
import java.util.List;

/**
 * One round of a NAS's EAP conversation, its attributes read and validated once: the identity
 * asked for (or why it is not one), the client's public endpoint from Calling-Station-Id (strongSwan
 * sends {@code 192.0.2.100[4500]}; other NAS a bare address or a MAC address, kept as
 * {@code callingStationId}), the Acct-Session-Id, the EAP method of the client's response.
 */
record Login(RadiusSettings.Nas client, Nas nas, byte[] request, List<Wire.Attr> attributes, String sentName,
             Identity requested, String identityProblem, PeerEndpoint peer, String acctSessionId, long nasPort,
             int eapType, byte[] state, Instant at, String callingStationId) {

    static final int EAP_TYPE_TLS = 13;
    static final int EAP_TYPE_MSCHAPV2 = 26;

    static Login read(RadiusSettings.Nas client, byte[] request, Instant at) {
        List<Wire.Attr> attrs = Wire.attributes(request);
        String sentName = null;
        String nasIdentifier = null;
        String callingStation = null;
        String acctSessionId = null;
        long nasPort = 0;
        int eapType = -1;
        byte[] state = null;
        boolean invalidUtf8 = false;
        for (Wire.Attr a : attrs) {
            switch (a.type()) {
                case Wire.USER_NAME -> {
                    sentName = a.strictText();
                    if (sentName == null) {
                        sentName = a.text();
                        invalidUtf8 = true;
                    }
                }
                case Wire.NAS_IDENTIFIER -> nasIdentifier = a.text();
                case Wire.CALLING_STATION_ID -> callingStation = a.text();
                case Wire.ACCT_SESSION_ID -> acctSessionId = a.text();
                case Wire.NAS_PORT -> nasPort = a.value().length == 4 ? unsigned(a.value()) : 0;
                case Wire.STATE -> state = a.value();
                case Wire.EAP_MESSAGE -> {
                    // The first fragment carries the EAP header: code 2 (Response), id, length, type.
                    if (eapType < 0 && a.value().length >= 5 && a.value()[0] == 2) {
                        eapType = a.value()[4] & 0xff;
                    }
                }
                default -> {
                }
            }
        }
        Identity requested = null;
        String problem = null;
        if (invalidUtf8) {
            problem = "identity: is not valid UTF-8";
        } else {
            try {
                requested = Identity.parse(sentName);
            } catch (InvalidValueException e) {
                problem = e.getMessage();
            }
        }
        return new Login(client, nas(client.address(), nasIdentifier), request, attrs, sentName, requested, problem,
                peer(callingStation), checked(acctSessionId), nasPort, eapType, state, at, printable(callingStation));
    }

    /** The NAS as it names itself; a NAS-Identifier we cannot keep is left out rather than trusted. */
    private static Nas nas(Ipv4Address address, String identifier) {
        try {
            return new Nas(address, identifier);
        } catch (InvalidValueException e) {
            return new Nas(address, null);
        }
    }

    /** {@code addr[port]} (strongSwan), or a bare address literal; null when it is neither. */
    static PeerEndpoint peer(String callingStation) {
        if (callingStation == null || callingStation.length() > 64) {
            return null;
        }
        try {
            int open = callingStation.lastIndexOf('[');
            if (open > 0 && callingStation.endsWith("]")) {
                String port = callingStation.substring(open + 1, callingStation.length() - 1);
                if (port.isEmpty() || port.length() > 5 || !port.chars().allMatch(Character::isDigit)) {
                    return null;
                }
                return new PeerEndpoint(callingStation.substring(0, open), Integer.parseInt(port));
            }
            return PeerEndpoint.of(callingStation);
        } catch (InvalidValueException e) {
            return null;
        }
    }

    private static String checked(String acctSessionId) {
        try {
            return acctSessionId == null ? null : Inputs.text("Acct-Session-Id", acctSessionId, 64);
        } catch (InvalidValueException e) {
            return null;
        }
    }

    /**
     * Calling-Station-Id as text that can be recorded as it is: a MAC address, an address, anything a
     * NAS puts there; characters that are not printable ASCII escaped, at most 64 kept.
     */
    static String printable(String callingStation) {
        if (callingStation == null || callingStation.isEmpty()) {
            return null;
        }
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < callingStation.length() && i < 64; i++) {
            char c = callingStation.charAt(i);
            out.append(c >= 0x20 && c < 0x7f && c != '\\' ? String.valueOf(c) : String.format("\\u%04x", (int) c));
        }
        return out.toString();
    }

    static long unsigned(byte[] v) {
        return ((long) (v[0] & 0xff) << 24) | ((v[1] & 0xff) << 16) | ((v[2] & 0xff) << 8) | (v[3] & 0xff);
    }

    boolean firstRound() {
        return state == null;
    }
}
