package io.swanledger.jvici;

/** charon answered, but refused: an unknown command or event, or {@code success=no} with its {@code errmsg}. */
public class ViciCommandException extends ViciException {

    private final ViciMessage response;

    public ViciCommandException(String message, ViciMessage response) {
        super(message);
        this.response = response == null ? ViciMessage.EMPTY : response;
    }

    /** The whole response, for the details charon gave. */
    public ViciMessage response() {
        return response;
    }
}
