package io.swanledger.jvici;

/** The eight VICI packet types; the named ones carry a command or event name. */
public enum PacketType {
    CMD_REQUEST(0, true, true),
    CMD_RESPONSE(1, false, true),
    CMD_UNKNOWN(2, false, false),
    EVENT_REGISTER(3, true, false),
    EVENT_UNREGISTER(4, true, false),
    EVENT_CONFIRM(5, false, false),
    EVENT_UNKNOWN(6, false, false),
    EVENT(7, true, true);

    private final int code;
    private final boolean named;
    private final boolean hasMessage;

    PacketType(int code, boolean named, boolean hasMessage) {
        this.code = code;
        this.named = named;
        this.hasMessage = hasMessage;
    }

    public int code() {
        return code;
    }

    public boolean named() {
        return named;
    }

    /** Whether a message may follow the header (it may be empty). */
    public boolean hasMessage() {
        return hasMessage;
    }

    static PacketType of(int code) throws ViciProtocolException {
        PacketType[] all = values();
        if (code < 0 || code >= all.length) {
            throw new ViciProtocolException("unknown packet type " + code);
        }
        return all[code];
    }
}
