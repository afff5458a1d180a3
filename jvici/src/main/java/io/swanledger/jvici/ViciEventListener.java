package io.swanledger.jvici;

import java.time.Instant;

/**
 * Receives the events of a subscription. VICI events carry no time of their own, so each comes with
 * the instant it was read from the socket. Called on the client's single dispatcher thread, in the
 * order charon sent them; a listener may call back into the client.
 */
@FunctionalInterface
public interface ViciEventListener {

    void onEvent(String event, ViciMessage message, Instant receivedAt);
}
