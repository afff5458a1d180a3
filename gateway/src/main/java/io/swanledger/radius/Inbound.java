package io.swanledger.radius;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.channel.socket.DatagramPacket;
import io.swanledger.api.net.Ipv4Address;
import io.swanledger.radius.RadiusCounters.Counter;
import java.net.Inet4Address;
import java.net.InetSocketAddress;
import java.util.Arrays;

/**
 * The checks every request passes on the event loop before any work is queued: well-formed, the
 * expected code, from a configured NAS. Anything else is dropped and counted, never answered.
 */
record Inbound(InetSocketAddress sender, RadiusSettings.Nas client, byte[] packet) {

    static Inbound accept(DatagramPacket msg, int expectedCode, RadiusSettings settings, RadiusCounters counters) {
        ByteBuf content = msg.content();
        int received = content.readableBytes();
        byte[] p = ByteBufUtil.getBytes(content, content.readerIndex(), Math.min(received, Wire.MAX_LENGTH + 1));
        InetSocketAddress sender = msg.sender();
        String malformation = Wire.malformation(p, received);
        if (malformation != null) {
            counters.dropped(Counter.MALFORMED, from(sender) + " (" + malformation + ")");
            return null;
        }
        if (Wire.code(p) != expectedCode) {
            counters.dropped(Counter.WRONG_CODE, from(sender) + " (code " + Wire.code(p) + ")");
            return null;
        }
        RadiusSettings.Nas client = sender != null && sender.getAddress() instanceof Inet4Address a
                ? settings.client(Ipv4Address.ofBytes(a.getAddress())) : null;
        if (client == null) {
            counters.dropped(Counter.UNKNOWN_CLIENT, from(sender) + ", which is not a configured NAS (swanledger.radius.clients)");
            return null;
        }
        return new Inbound(sender, client, Arrays.copyOf(p, Wire.declaredLength(p)));
    }

    static String from(InetSocketAddress sender) {
        return sender == null ? "an unknown sender" : sender.getAddress().getHostAddress() + ":" + sender.getPort();
    }
}
