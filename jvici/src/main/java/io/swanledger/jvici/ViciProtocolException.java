package io.swanledger.jvici;

/**
 * Bytes that are not a valid VICI packet or message, or a message that breaks the protocol's limits
 * (names 1–255 bytes, values up to 65,535 bytes, packets up to 512 KiB). The only exception the
 * decoder throws.
 */
public class ViciProtocolException extends ViciException {

    public ViciProtocolException(String message) {
        super(message);
    }
}
