package io.swanledger.jvici;

/** charon is not reachable, or the connection broke while a request was outstanding. */
public class ViciConnectionException extends ViciException {

    public ViciConnectionException(String message) {
        super(message);
    }

    public ViciConnectionException(String message, Throwable cause) {
        super(message, cause);
    }
}
