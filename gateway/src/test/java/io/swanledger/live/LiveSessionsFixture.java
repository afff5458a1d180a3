package io.swanledger.live;

import io.swanledger.api.session.AddressAssigned;
import io.swanledger.api.session.SessionAuthorized;
import io.swanledger.api.session.SessionEstablished;

/** Feeds events to a {@link LiveSessions} directly, for unit tests of what reads it. */
public final class LiveSessionsFixture {

    private LiveSessionsFixture() {
    }

    public static void given(LiveSessions sessions, Object... events) {
        for (Object e : events) {
            if (e instanceof SessionAuthorized a) {
                sessions.on(a);
            } else if (e instanceof AddressAssigned a) {
                sessions.on(a);
            } else if (e instanceof SessionEstablished a) {
                sessions.on(a);
            } else {
                throw new IllegalArgumentException("not a live-session event: " + e);
            }
        }
    }
}
