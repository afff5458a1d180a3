package io.swanledger.jvici;

import java.io.IOException;

/** Anything that went wrong talking to charon over VICI. */
public class ViciException extends IOException {

    public ViciException(String message) {
        super(message);
    }

    public ViciException(String message, Throwable cause) {
        super(message, cause);
    }
}
