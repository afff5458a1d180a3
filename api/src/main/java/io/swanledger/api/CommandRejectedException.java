package io.swanledger.api;

/**
 * A well-formed command that breaks a rule of the domain (a reserved address asked for, a release by a
 * session that does not hold the address, an unknown pool). Nothing was recorded.
 */
public class CommandRejectedException extends RuntimeException {

    public CommandRejectedException(String message) {
        super(message);
    }
}
