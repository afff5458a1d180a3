package io.swanledger.jvici;

import java.util.Objects;

/** One VICI packet: its type, its name (for named types, else null) and its message (never null). */
public record ViciPacket(PacketType type, String name, ViciMessage message) {

    public ViciPacket {
        Objects.requireNonNull(type, "type");
        if (type.named() != (name != null)) {
            throw new IllegalArgumentException(type + (type.named() ? " needs a name" : " takes no name"));
        }
        message = message == null ? ViciMessage.EMPTY : message;
        if (!type.hasMessage() && !message.isEmpty()) {
            throw new IllegalArgumentException(type + " carries no message");
        }
    }

    public static ViciPacket request(String command, ViciMessage message) {
        return new ViciPacket(PacketType.CMD_REQUEST, command, message);
    }
}
