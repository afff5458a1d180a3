package io.swanledger.api.net;

import io.swanledger.api.InvalidValueException;
import io.swanledger.api.Inputs;
import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * A client's public address and port as seen by the gateway (IPv4 or IPv6 literal; never a name, so
 * validating it never touches DNS). Port 0 means unknown.
 */
public record PeerEndpoint(String address, int port) {

    public PeerEndpoint {
        address = canonical(address);
        if (port < 0 || port > 65535) {
            throw new InvalidValueException("peer port", "must be 0–65535", port);
        }
    }

    public static PeerEndpoint of(String address) {
        return new PeerEndpoint(address, 0);
    }

    private static String canonical(String text) {
        Inputs.text("peer address", text, 45);
        if (text.indexOf(':') < 0) {
            return Ipv4Address.parse("peer address", text).toString();
        }
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            boolean ok = (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F') || c == ':' || c == '.';
            if (!ok) {
                throw new InvalidValueException("peer address", "is not an IPv4 or IPv6 literal", text);
            }
        }
        try {
            // Only hex digits, ':' and '.' reach here: the JDK parses this as a literal, never via DNS.
            return InetAddress.getByName(text).getHostAddress();
        } catch (UnknownHostException | IllegalArgumentException e) {
            throw new InvalidValueException("peer address", "is not an IPv4 or IPv6 literal", text);
        }
    }
}
