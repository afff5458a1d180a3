package io.swanledger.jvici;

import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Codec throughput: encode and decode of an ike-updown event as charon sends it, and decoding a
 * list-sas answer of 1,000 synthetic IKE_SAs (one list-sa event each, two CHILD_SAs) into
 * {@link IkeSa} records. Run with {@code mvn -B -pl jvici test -Pbenchmark}; prints a Markdown table
 * and writes it to {@code jvici/target/benchmarks/codec.md}.
 */
@Tag("benchmark")
class ViciCodecBenchmark {

    static ViciMessage ikeSa(int i) {
        return ViciMessage.builder().section("rw-eap", sa -> sa
                .put("uniqueid", i).put("version", 2).put("state", "ESTABLISHED")
                .put("local-host", "192.0.2.1").put("local-port", 4500).put("local-id", "vpn.lab.test")
                .put("remote-host", "203.0.113." + (i % 250)).put("remote-port", 4500 + i % 1000)
                .put("remote-id", "198.51.100." + (i % 250)).put("remote-eap-id", "user" + i + "@123456")
                .put("initiator-spi", "1a2b3c4d5e6f7081").put("responder-spi", "8192a3b4c5d6e7f8")
                .put("nat-remote", "yes").put("encr-alg", "AES_CBC").put("encr-keysize", 256)
                .put("integ-alg", "HMAC_SHA2_256_128").put("prf-alg", "PRF_HMAC_SHA2_256").put("dh-group", "CURVE_25519")
                .put("established", 1234).put("rekey-time", 12000)
                .list("remote-vips", "10.1." + (i / 250 % 250) + "." + (i % 250))
                .section("child-sas", cs -> {
                    for (int c = 0; c < 2; c++) {
                        int id = i * 2 + c;
                        cs.section("lab-net-" + id, ch -> ch.put("name", "lab-net").put("uniqueid", id).put("reqid", id)
                                .put("state", "INSTALLED").put("mode", "TUNNEL").put("protocol", "ESP").put("encap", "yes")
                                .put("spi-in", "c1d2e3f4").put("spi-out", "0a1b2c3d").put("encr-alg", "AES_GCM_16")
                                .put("encr-keysize", 256).put("bytes-in", 123456L * id).put("packets-in", 1000 + id)
                                .put("bytes-out", 654321L * id).put("packets-out", 2000 + id).put("rekey-time", 3000)
                                .put("life-time", 3600).put("install-time", 12)
                                .list("local-ts", "10.2.0.0/16").list("remote-ts", "10.1.0.10/32"));
                    }
                }))
                .build();
    }

    @Test
    void codecThroughput() throws Exception {
        ViciPacket event = new ViciPacket(PacketType.EVENT, "ike-updown",
                ViciMessage.builder().put("up", "yes").section("rw-eap", ikeSa(7).section("rw-eap")).build());
        byte[] encoded = ViciCodec.encodePacket(event);
        int n = 200_000;
        for (int i = 0; i < n; i++) { // warm-up
            ViciCodec.decodePacket(ViciCodec.encodePacket(event));
        }
        long t = System.nanoTime();
        for (int i = 0; i < n; i++) {
            ViciCodec.encodePacket(event);
        }
        double encPerSec = n / ((System.nanoTime() - t) / 1e9);
        t = System.nanoTime();
        for (int i = 0; i < n; i++) {
            ViciCodec.decodePacket(encoded);
        }
        double decPerSec = n / ((System.nanoTime() - t) / 1e9);

        List<byte[]> stream = new ArrayList<>();
        long streamBytes = 0;
        for (int i = 0; i < 1000; i++) {
            byte[] frame = ViciCodec.encodeFrame(new ViciPacket(PacketType.EVENT, "list-sa", ikeSa(i)));
            stream.add(frame);
            streamBytes += frame.length;
        }
        int rounds = 50;
        List<IkeSa> last = null;
        for (int w = 0; w < 10; w++) {
            last = decodeStream(stream);
        }
        t = System.nanoTime();
        for (int r = 0; r < rounds; r++) {
            last = decodeStream(stream);
        }
        double streamMs = (System.nanoTime() - t) / 1e6 / rounds;
        if (last.size() != 1000 || last.get(999).children().size() != 2) {
            throw new AssertionError("stream decoded wrongly");
        }

        String header = "Machine: " + Runtime.getRuntime().availableProcessors() + " cores, "
                + ManagementFactory.getOperatingSystemMXBean().getArch() + ", Java " + System.getProperty("java.version")
                + "; " + Instant.now() + "\n\n";
        String table = "| measure | result |\n|---|---:|\n"
                + String.format("| encode ike-updown event (%d bytes) | %,.0f /s |%n", encoded.length, encPerSec)
                + String.format("| decode ike-updown event | %,.0f /s |%n", decPerSec)
                + String.format("| decode list-sas stream: 1,000 IKE_SAs × 2 CHILD_SAs (%,d bytes) into IkeSa records | %.1f ms |%n",
                streamBytes, streamMs);
        System.out.println("\n" + header + table);
        Path out = Path.of("target/benchmarks/codec.md");
        Files.createDirectories(out.getParent());
        Files.writeString(out, header + table);
    }

    static List<IkeSa> decodeStream(List<byte[]> frames) throws ViciProtocolException {
        List<IkeSa> out = new ArrayList<>(frames.size());
        byte[] header = new byte[4];
        for (byte[] frame : frames) {
            System.arraycopy(frame, 0, header, 0, 4);
            byte[] packet = new byte[ViciCodec.frameLength(header)];
            System.arraycopy(frame, 4, packet, 0, packet.length);
            out.addAll(IkeSa.allIn(ViciCodec.decodePacket(packet).message()));
        }
        return out;
    }
}
