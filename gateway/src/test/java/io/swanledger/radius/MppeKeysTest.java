package io.swanledger.radius;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

class MppeKeysTest {

    private static final byte[] UPSTREAM = "upstream".getBytes(StandardCharsets.UTF_8);
    private static final byte[] NAS = "nas".getBytes(StandardCharsets.UTF_8);

    @Test
    void aKeyReencryptedForTheNasDecryptsToTheSameKey() {
        Random r = new Random(1);
        for (int length : new int[] {16, 32, 15, 31, 64}) {
            byte[] key = new byte[length];
            r.nextBytes(key);
            byte[] upAuth = new byte[16];
            byte[] nasAuth = new byte[16];
            r.nextBytes(upAuth);
            r.nextBytes(nasAuth);
            byte[] fromUpstream = MppeKeys.encrypt(key, UPSTREAM, upAuth);
            assertTrue((fromUpstream[0] & 0x80) != 0, "salt has its high bit set");
            byte[] forNas = MppeKeys.recrypt(fromUpstream, UPSTREAM, upAuth, NAS, nasAuth);
            assertArrayEquals(key, MppeKeys.decrypt(forNas, NAS, nasAuth));
        }
    }

    @Test
    void theWrongSecretDoesNotYieldTheKey() {
        byte[] key = new byte[32];
        Arrays.fill(key, (byte) 7);
        byte[] auth = new byte[16];
        byte[] encrypted = MppeKeys.encrypt(key, UPSTREAM, auth);
        try {
            byte[] wrong = MppeKeys.decrypt(encrypted, NAS, auth);
            assertTrue(!Arrays.equals(key, wrong));
        } catch (IllegalArgumentException expected) {
            // the length octet decrypted to nonsense: also a refusal
        }
    }

    @Test
    void refusesAValueThatIsNotSaltPlusBlocks() {
        assertThrows(IllegalArgumentException.class, () -> MppeKeys.decrypt(new byte[17], UPSTREAM, new byte[16]));
        byte[] noHighBit = new byte[18];
        assertThrows(IllegalArgumentException.class, () -> MppeKeys.decrypt(noHighBit, UPSTREAM, new byte[16]));
    }
}
