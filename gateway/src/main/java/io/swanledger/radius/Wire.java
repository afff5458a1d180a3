package io.swanledger.radius;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.FixedRecvByteBufAllocator;
import io.netty.channel.socket.nio.NioDatagramChannel;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * RADIUS checks on the raw datagram, before anything parses it: structure (RFC 2865 §3), the
 * Message-Authenticator (RFC 3579 §3.2) and the authenticators (RFC 2865 §3, RFC 2866 §3). Done on
 * the exact bytes received, so that no re-encoding by a library can make a forged packet pass.
 */
final class Wire {

    static final int HEADER = 20;
    static final int MAX_LENGTH = 4096;

    static final int ACCESS_REQUEST = 1;
    static final int ACCESS_ACCEPT = 2;
    static final int ACCESS_REJECT = 3;
    static final int ACCOUNTING_REQUEST = 4;
    static final int ACCOUNTING_RESPONSE = 5;
    static final int ACCESS_CHALLENGE = 11;

    static final int USER_NAME = 1;
    static final int FRAMED_IP_ADDRESS = 8;
    static final int ACCT_INTERIM_INTERVAL = 85;
    static final int STATE = 24;
    static final int CLASS = 25;
    static final int VENDOR_SPECIFIC = 26;
    static final int CALLING_STATION_ID = 31;
    static final int NAS_IDENTIFIER = 32;
    static final int PROXY_STATE = 33;
    static final int ACCT_STATUS_TYPE = 40;
    static final int ACCT_INPUT_OCTETS = 42;
    static final int ACCT_OUTPUT_OCTETS = 43;
    static final int ACCT_SESSION_ID = 44;
    static final int ACCT_INPUT_PACKETS = 47;
    static final int ACCT_OUTPUT_PACKETS = 48;
    static final int ACCT_TERMINATE_CAUSE = 49;
    static final int ACCT_INPUT_GIGAWORDS = 52;
    static final int ACCT_OUTPUT_GIGAWORDS = 53;
    static final int NAS_PORT = 5;
    static final int EAP_MESSAGE = 79;
    static final int MESSAGE_AUTHENTICATOR = 80;

    static final int VENDOR_MICROSOFT = 311;
    static final int MS_MPPE_SEND_KEY = 16;
    static final int MS_MPPE_RECV_KEY = 17;

    private Wire() {
    }

    /**
     * A UDP bootstrap whose receive buffer holds one octet more than the largest RADIUS packet:
     * Netty's default (2048) would cut legitimate EAP-TLS packets, and the extra octet shows an
     * oversized datagram as oversized instead of silently truncated.
     */
    static Bootstrap bootstrap(EventLoopGroup group) {
        return new Bootstrap().group(group).channel(NioDatagramChannel.class)
                .option(ChannelOption.RCVBUF_ALLOCATOR, new FixedRecvByteBufAllocator(MAX_LENGTH + 1));
    }

    /** One attribute as it was on the wire. */
    record Attr(int type, byte[] value) {

        String text() {
            return new String(value, StandardCharsets.UTF_8);
        }

        /** The value as UTF-8, or null when it is not valid UTF-8 (a replacement character would change it). */
        String strictText() {
            try {
                return StandardCharsets.UTF_8.newDecoder()
                        .onMalformedInput(CodingErrorAction.REPORT)
                        .onUnmappableCharacter(CodingErrorAction.REPORT)
                        .decode(ByteBuffer.wrap(value)).toString();
            } catch (CharacterCodingException e) {
                return null;
            }
        }

        /** The vendor of a Vendor-Specific attribute, or -1. */
        int vendor() {
            if (type != VENDOR_SPECIFIC || value.length < 6) {
                return -1;
            }
            return ((value[0] & 0xff) << 24) | ((value[1] & 0xff) << 16) | ((value[2] & 0xff) << 8) | (value[3] & 0xff);
        }

        /** For a VSA with one sub-attribute in the usual 1-byte type/length format: its type, or -1. */
        int vendorType() {
            if (vendor() < 0 || value.length < 6 || (value[5] & 0xff) != value.length - 4) {
                return -1;
            }
            return value[4] & 0xff;
        }

        /** That sub-attribute's value. */
        byte[] vendorValue() {
            return Arrays.copyOfRange(value, 6, value.length);
        }
    }

    /**
     * Why the datagram is not a well-formed RADIUS packet, or null when it is. Octets after the
     * declared length are padding and ignored (RFC 2865 §3); fewer octets than declared is an error.
     */
    static String malformation(byte[] d, int received) {
        if (received < HEADER) {
            return "shorter than a RADIUS header (" + received + " octets)";
        }
        if (received > MAX_LENGTH) {
            return "longer than 4096 octets";
        }
        int declared = declaredLength(d);
        if (declared < HEADER || declared > MAX_LENGTH) {
            return "declared length " + declared + " is outside 20–4096";
        }
        if (declared > received) {
            return "declared length " + declared + " exceeds the " + received + " octets received";
        }
        for (int at = HEADER; at < declared; ) {
            if (at + 2 > declared) {
                return "attribute header cut at octet " + at;
            }
            int len = d[at + 1] & 0xff;
            if (len < 2 || at + len > declared) {
                return "attribute " + (d[at] & 0xff) + " at octet " + at + " claims length " + len;
            }
            at += len;
        }
        return null;
    }

    static int declaredLength(byte[] d) {
        return ((d[2] & 0xff) << 8) | (d[3] & 0xff);
    }

    static int code(byte[] p) {
        return p[0] & 0xff;
    }

    static int identifier(byte[] p) {
        return p[1] & 0xff;
    }

    static byte[] authenticator(byte[] p) {
        return Arrays.copyOfRange(p, 4, HEADER);
    }

    /** The attributes of a packet that passed {@link #malformation}. */
    static List<Attr> attributes(byte[] p) {
        List<Attr> out = new ArrayList<>();
        int end = declaredLength(p);
        for (int at = HEADER; at < end; ) {
            int len = p[at + 1] & 0xff;
            out.add(new Attr(p[at] & 0xff, Arrays.copyOfRange(p, at + 2, at + len)));
            at += len;
        }
        return out;
    }

    static int count(byte[] p, int type) {
        int n = 0;
        int end = declaredLength(p);
        for (int at = HEADER; at < end; at += p[at + 1] & 0xff) {
            if ((p[at] & 0xff) == type) {
                n++;
            }
        }
        return n;
    }

    /**
     * Checks the one Message-Authenticator of a packet: HMAC-MD5 over the packet with that attribute's
     * value zeroed and with {@code authenticatorForHmac} in the authenticator field (the request's own
     * for a request, the request's for a reply, zeros for an Accounting-Request).
     */
    static boolean messageAuthenticatorValid(byte[] p, byte[] authenticatorForHmac, byte[] secret) {
        int end = declaredLength(p);
        int found = -1;
        for (int at = HEADER; at < end; at += p[at + 1] & 0xff) {
            if ((p[at] & 0xff) == MESSAGE_AUTHENTICATOR) {
                if (found >= 0 || (p[at + 1] & 0xff) != 18) {
                    return false;
                }
                found = at;
            }
        }
        if (found < 0) {
            return false;
        }
        byte[] copy = Arrays.copyOf(p, end);
        System.arraycopy(authenticatorForHmac, 0, copy, 4, 16);
        Arrays.fill(copy, found + 2, found + 18, (byte) 0);
        byte[] expected = hmacMd5(secret, copy);
        return MessageDigest.isEqual(expected, Arrays.copyOfRange(p, found + 2, found + 18));
    }

    /** RFC 2866 §3: an Accounting-Request's authenticator is MD5(packet with zero authenticator + secret). */
    static boolean accountingRequestAuthenticatorValid(byte[] p, byte[] secret) {
        byte[] copy = Arrays.copyOf(p, declaredLength(p));
        Arrays.fill(copy, 4, 20, (byte) 0);
        return MessageDigest.isEqual(md5(copy, secret), authenticator(p));
    }

    /** RFC 2865 §3: a reply's authenticator is MD5(code+id+length+request authenticator+attributes+secret). */
    static boolean responseAuthenticatorValid(byte[] p, byte[] requestAuthenticator, byte[] secret) {
        byte[] copy = Arrays.copyOf(p, declaredLength(p));
        System.arraycopy(requestAuthenticator, 0, copy, 4, 16);
        return MessageDigest.isEqual(md5(copy, secret), authenticator(p));
    }

    /**
     * One digest and one MAC per thread: looking them up in the security providers on every call was a
     * twentieth of a RADIUS I/O thread's CPU under churn. Each call starts them afresh (a reset, a new key).
     */
    private static final ThreadLocal<MessageDigest> MD5 = ThreadLocal.withInitial(() -> {
        try {
            return MessageDigest.getInstance("MD5");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("MD5 is not available", e);
        }
    });
    private static final ThreadLocal<Mac> HMAC_MD5 = ThreadLocal.withInitial(() -> {
        try {
            return Mac.getInstance("HmacMD5");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HMAC-MD5 is not available", e);
        }
    });

    static byte[] md5(byte[]... parts) {
        MessageDigest md = MD5.get();
        md.reset(); // a call that failed half way (a null part) left its input behind
        for (byte[] part : parts) {
            md.update(part);
        }
        return md.digest();
    }

    static byte[] hmacMd5(byte[] key, byte[] data) {
        Mac mac = HMAC_MD5.get();
        try {
            mac.init(new SecretKeySpec(key, "HmacMD5"));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HMAC-MD5 refused a key of " + key.length + " bytes", e);
        }
        return mac.doFinal(data);
    }
}
