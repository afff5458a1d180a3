package io.swanledger.jvici;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** charon crashes and comes back: the client notices, reconnects with back-off and subscribes again. */
class ReconnectIntegrationTest {

    static final String NS = "jvici-re";

    @Test
    void reconnectsAndResubscribesAfterCharonRestarts() throws Exception {
        if (!Charon.available()) {
            throw new IllegalStateException("these tests need root and " + Charon.BINARY + " (see .ci/run)");
        }
        Charon.namespace(NS);
        Charon first = Charon.start(NS, "");
        BlockingQueue<Boolean> changes = new LinkedBlockingQueue<>();
        BlockingQueue<String> logs = new LinkedBlockingQueue<>();
        try (ViciClient client = ViciClient.builder(first.socket).reconnect(true).maxBackoff(Duration.ofMillis(400))
                .requestTimeout(Duration.ofSeconds(5)).onConnectionChange(changes::add).connect()) {
            client.subscribe("log", (e, m, at) -> logs.add(m.optString("msg").orElse("")));
            first.kill();
            assertEquals(Boolean.FALSE, changes.poll(10, TimeUnit.SECONDS), "told of the loss");
            assertFalse(client.isConnected());
            ViciConnectionException down = assertThrows(ViciConnectionException.class,
                    () -> client.request("version", ViciMessage.EMPTY));
            assertTrue(down.getMessage().contains("reconnecting"), down.getMessage());

            // same namespace, same socket path: a restarted charon
            java.nio.file.Files.deleteIfExists(first.socket);
            try (Charon second = Charon.restart(first)) {
                assertEquals(Boolean.TRUE, changes.poll(15, TimeUnit.SECONDS), "told of the reconnect");
                assertEquals("charon", new Vici(client).version().daemon());
                logs.clear();
                new Vici(client).loadConn("after-restart", CharonIntegrationTest.connection("192.0.2.77"));
                String line = "";
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
                while (!line.contains("after-restart") && System.nanoTime() < deadline) {
                    String l = logs.poll(100, TimeUnit.MILLISECONDS);
                    line = l == null ? line : l;
                }
                assertTrue(line.contains("after-restart"), "the log subscription was registered again");
            }
        } finally {
            first.close();
            Charon.deleteNamespace(NS);
        }
    }
}
