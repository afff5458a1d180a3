package io.swanledger.routing;

/** The kernel refused or could not be asked; the caller retries the whole reconciliation later. */
public class RoutingException extends RuntimeException {

    public RoutingException(String message) {
        super(message);
    }

    public RoutingException(String message, Throwable cause) {
        super(message, cause);
    }
}
