package io.swanledger.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.springframework.security.crypto.password.PasswordEncoder;

class RememberingPasswordEncoderTest {

    /** Counts the real checks; "right" is the only password of hash "h". */
    private final AtomicInteger checks = new AtomicInteger();
    private final PasswordEncoder counting = new PasswordEncoder() {
        @Override
        public String encode(CharSequence raw) {
            return "h";
        }

        @Override
        public boolean matches(CharSequence raw, String encoded) {
            checks.incrementAndGet();
            return "h".equals(encoded) && "right".contentEquals(raw);
        }
    };

    @Test
    void remembersAVerifiedPasswordButChecksAWrongOneEveryTime() {
        RememberingPasswordEncoder encoder = new RememberingPasswordEncoder(counting, Duration.ofMinutes(5));
        assertTrue(encoder.matches("right", "h"));
        assertTrue(encoder.matches("right", "h"));
        assertEquals(1, checks.get(), "the second call is remembered");
        assertFalse(encoder.matches("wrong", "h"));
        assertFalse(encoder.matches("wrong", "h"));
        assertEquals(3, checks.get(), "a wrong password is never remembered");
        assertFalse(encoder.matches("right", "other-hash"), "a changed hash matches nothing remembered");
    }
}
