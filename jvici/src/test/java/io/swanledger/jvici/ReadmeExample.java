package io.swanledger.jvici;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/** The example of jvici/README.md, kept here so that it compiles and runs (CharonIntegrationTest). */
final class ReadmeExample {

    private ReadmeExample() {
    }

    // --- README example start ---
    static void example(Path socket) throws Exception {
        try (ViciClient client = ViciClient.builder(socket)
                .reconnect(true)                          // back off and re-subscribe after charon restarts
                .requestTimeout(Duration.ofSeconds(10))
                .connect()) {
            Vici vici = new Vici(client);
            System.out.println("connected to " + vici.version().daemon() + " " + vici.version().version());

            // every IKE_SA up/down, stamped when it was read (VICI events carry no time)
            client.subscribe("ike-updown", (event, message, receivedAt) -> {
                try {
                    IkeUpdown e = IkeUpdown.of(message, receivedAt);
                    System.out.printf("%s %s #%d %s vips=%s%n", receivedAt, e.up() ? "up" : "down",
                            e.sa().uniqueId(), e.sa().remoteEapId() != null ? e.sa().remoteEapId() : e.sa().remoteId(),
                            e.sa().remoteVips());
                } catch (ViciProtocolException malformed) {
                    System.err.println("ignoring malformed event: " + malformed.getMessage());
                }
            });

            List<IkeSa> sas = vici.listSas();                 // streamed list-sa events, collected
            for (IkeSa sa : sas) {
                if ("bad-user".equals(sa.remoteEapId())) {
                    vici.terminate(Vici.Target.ikeId(sa.uniqueId()), Duration.ofSeconds(5), false);
                }
            }
        }
    }
    // --- README example end ---
}
