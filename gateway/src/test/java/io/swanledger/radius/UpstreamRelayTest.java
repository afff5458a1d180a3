package io.swanledger.radius;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.netty.channel.nio.NioEventLoopGroup;
import java.lang.ref.WeakReference;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.tinyradius.core.attribute.type.RadiusAttribute;
import org.tinyradius.core.dictionary.DefaultDictionary;

class UpstreamRelayTest {

    private static final String SECRET = "aaa-secret";

    /** An upstream that accepts every request it gets, signed as RADIUS requires. */
    private static Thread acceptEverything(DatagramSocket upstream) {
        Replies replies = new Replies(DefaultDictionary.INSTANCE);
        Thread t = new Thread(() -> {
            byte[] buf = new byte[4096];
            while (!upstream.isClosed()) {
                try {
                    DatagramPacket in = new DatagramPacket(buf, buf.length);
                    upstream.receive(in);
                    byte[] request = Arrays.copyOf(in.getData(), in.getLength());
                    byte[] accept = replies.encode(Wire.ACCESS_ACCEPT, request, List.of(),
                            SECRET.getBytes(StandardCharsets.UTF_8));
                    upstream.send(new DatagramPacket(accept, accept.length, in.getSocketAddress()));
                } catch (java.io.IOException closed) {
                    return;
                }
            }
        }, "fake-upstream");
        t.setDaemon(true);
        t.start();
        return t;
    }

    @Test
    void letsGoOfAnAnsweredRequestWithoutWaitingForItsTimeout() throws Exception {
        NioEventLoopGroup group = new NioEventLoopGroup(1);
        try (DatagramSocket upstream = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            acceptEverything(upstream);
            RadiusSettings settings = new RadiusSettings(new RadiusProperties("127.0.0.1", 0, 0,
                    List.of(new RadiusProperties.Client("127.0.0.1", "nas-secret", null)),
                    List.of(new RadiusProperties.Upstream("127.0.0.1", upstream.getLocalPort(), SECRET, null)),
                    Duration.ofSeconds(10), Duration.ofSeconds(30), "127.0.0.1", 8, 100, Duration.ofSeconds(30),
                    "data/accounting-spool", new RadiusProperties.Certificate(null, null, null, List.of(), null, false)));
            UpstreamRelay relay = new UpstreamRelay(settings, new RadiusCounters(), DefaultDictionary.INSTANCE, group);
            List<RadiusAttribute> attributes = new ArrayList<>(new Replies(DefaultDictionary.INSTANCE)
                    .forRelay(List.of(new Wire.Attr(Wire.USER_NAME, "alice".getBytes(StandardCharsets.UTF_8)))));
            WeakReference<List<RadiusAttribute>> sent = new WeakReference<>(attributes);
            UpstreamRelay.Reply reply = relay.send(attributes, null).get(4, TimeUnit.SECONDS);
            assertEquals(Wire.ACCESS_ACCEPT, Wire.code(reply.packet()));
            attributes = null;
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
            while (sent.get() != null && System.nanoTime() < deadline) {
                System.gc();
                Thread.sleep(50);
            }
            // the try's timeout is 10 s away: only its timer, had it stayed scheduled, would still hold them
            assertNull(sent.get(), "the request's attributes are still held after its answer");
        } finally {
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS).sync();
        }
    }
}
