package io.swanledger.radius;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.swanledger.api.net.PeerEndpoint;
import org.junit.jupiter.api.Test;

class LoginTest {

    @Test
    void readsStrongSwansCallingStationId() {
        assertEquals(new PeerEndpoint("192.0.2.100", 4500), Login.peer("192.0.2.100[4500]"));
        assertEquals(new PeerEndpoint("2001:db8::1", 500), Login.peer("2001:db8::1[500]"));
        assertEquals(new PeerEndpoint("192.0.2.7", 0), Login.peer("192.0.2.7"));
    }

    @Test
    void refusesACallingStationIdThatIsNoAddress() {
        assertNull(Login.peer("02-00-00-00-00-01"));
        assertNull(Login.peer("host.example.org[4500]"));
        assertNull(Login.peer("192.0.2.1[99999999]"));
        assertNull(Login.peer("192.0.2.1[]"));
        assertNull(Login.peer("192.0.2.1[45;00]"));
        assertNull(Login.peer(null));
    }
}
