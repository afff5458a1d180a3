package io.swanledger.radius;

import java.security.SecureRandom;
import java.util.Arrays;

/**
 * MS-MPPE-Send-Key / -Recv-Key (RFC 2548 §2.4.2–2.4.3) are encrypted with the shared secret and the
 * Request Authenticator of the hop they travel on. A proxy must decrypt them from the upstream's
 * reply and encrypt them again for the NAS, or the client's EAP master key never reaches charon and
 * IKE_AUTH fails.
 */
final class MppeKeys {

    private static final SecureRandom RANDOM = new SecureRandom();

    private MppeKeys() {
    }

    /** Salt (2 octets, high bit set) followed by the encrypted key-length octet, key and padding. */
    static byte[] decrypt(byte[] value, byte[] secret, byte[] requestAuthenticator) {
        if (value.length < 18 || (value.length - 2) % 16 != 0) {
            throw new IllegalArgumentException("MPPE key attribute of " + value.length + " octets is not salt + n×16");
        }
        if ((value[0] & 0x80) == 0) {
            throw new IllegalArgumentException("MPPE key salt lacks its high bit");
        }
        byte[] plain = new byte[value.length - 2];
        byte[] previous = concat(requestAuthenticator, Arrays.copyOfRange(value, 0, 2));
        for (int i = 0; i < plain.length; i += 16) {
            byte[] b = Wire.md5(secret, previous);
            for (int j = 0; j < 16; j++) {
                plain[i + j] = (byte) (value[2 + i + j] ^ b[j]);
            }
            previous = Arrays.copyOfRange(value, 2 + i, 2 + i + 16);
        }
        int keyLength = plain[0] & 0xff;
        if (keyLength == 0 || keyLength > plain.length - 1) {
            throw new IllegalArgumentException("MPPE key decrypts to an impossible length " + keyLength
                    + " (wrong secret or authenticator?)");
        }
        return Arrays.copyOfRange(plain, 1, 1 + keyLength);
    }

    static byte[] encrypt(byte[] key, byte[] secret, byte[] requestAuthenticator) {
        if (key.length == 0 || key.length > 240) {
            throw new IllegalArgumentException("MPPE key of " + key.length + " octets");
        }
        int padded = ((key.length + 1 + 15) / 16) * 16;
        byte[] plain = new byte[padded];
        plain[0] = (byte) key.length;
        System.arraycopy(key, 0, plain, 1, key.length);
        byte[] salt = new byte[2];
        RANDOM.nextBytes(salt);
        salt[0] |= (byte) 0x80;
        byte[] out = new byte[2 + padded];
        out[0] = salt[0];
        out[1] = salt[1];
        byte[] previous = concat(requestAuthenticator, salt);
        for (int i = 0; i < padded; i += 16) {
            byte[] b = Wire.md5(secret, previous);
            for (int j = 0; j < 16; j++) {
                out[2 + i + j] = (byte) (plain[i + j] ^ b[j]);
            }
            previous = Arrays.copyOfRange(out, 2 + i, 2 + i + 16);
        }
        return out;
    }

    static byte[] recrypt(byte[] value, byte[] fromSecret, byte[] fromAuthenticator, byte[] toSecret,
                          byte[] toAuthenticator) {
        byte[] key = decrypt(value, fromSecret, fromAuthenticator);
        try {
            return encrypt(key, toSecret, toAuthenticator);
        } finally {
            Arrays.fill(key, (byte) 0);
        }
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
