package io.swanledger.web;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.springframework.security.crypto.password.PasswordEncoder;

/**
 * A password check that remembers, for a few minutes, the passwords it has verified: HTTP Basic
 * presents the password on every call (the audit UI makes two per page), and a bcrypt check costs
 * more than the search it guards. Only a success is remembered, as an HMAC under a key that lives in
 * this process alone; a wrong password always pays the full check, and a changed hash (a restart
 * with new configuration) matches nothing remembered.
 */
public final class RememberingPasswordEncoder implements PasswordEncoder {

    private final PasswordEncoder delegate;
    private final Cache<String, Boolean> verified;
    private final SecretKeySpec key;

    public RememberingPasswordEncoder(PasswordEncoder delegate, Duration remember) {
        this.delegate = delegate;
        this.verified = Caffeine.newBuilder().expireAfterWrite(remember).maximumSize(10_000).build();
        byte[] k = new byte[32];
        new SecureRandom().nextBytes(k);
        this.key = new SecretKeySpec(k, "HmacSHA256");
    }

    @Override
    public String encode(CharSequence raw) {
        return delegate.encode(raw);
    }

    @Override
    public boolean matches(CharSequence raw, String encoded) {
        if (raw == null || encoded == null) {
            return false;
        }
        String fingerprint = fingerprint(raw, encoded);
        if (verified.getIfPresent(fingerprint) != null) {
            return true;
        }
        boolean ok = delegate.matches(raw, encoded);
        if (ok) {
            verified.put(fingerprint, Boolean.TRUE);
        }
        return ok;
    }

    @Override
    public boolean upgradeEncoding(String encoded) {
        return delegate.upgradeEncoding(encoded);
    }

    private String fingerprint(CharSequence raw, String encoded) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(key);
            mac.update(encoded.getBytes(StandardCharsets.UTF_8));
            mac.update((byte) 0);
            mac.update(raw.toString().getBytes(StandardCharsets.UTF_8));
            return Base64.getEncoder().encodeToString(mac.doFinal());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every Java runtime", e);
        }
    }
}
