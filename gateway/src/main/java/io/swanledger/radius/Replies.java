package io.swanledger.radius;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.tinyradius.core.RadiusPacketException;
import org.tinyradius.core.attribute.type.RadiusAttribute;
import org.tinyradius.core.dictionary.Dictionary;
import org.tinyradius.core.packet.response.RadiusResponse;

/**
 * Builds the answers to a NAS with tinyradius-netty: it computes the Message-Authenticator (Access-*
 * replies) and the Response Authenticator from the NAS's secret and request authenticator. The NAS's
 * own Proxy-State attributes are echoed last, unmodified and in order (RFC 2865 §5.33).
 */
final class Replies {

    private final Dictionary dictionary;

    Replies(Dictionary dictionary) {
        this.dictionary = dictionary;
    }

    RadiusAttribute attribute(int type, byte[] value) {
        return dictionary.createAttribute(-1, type, value);
    }

    RadiusAttribute attribute(int type, String value) {
        return attribute(type, value.getBytes(StandardCharsets.UTF_8));
    }

    /** A Vendor-Specific attribute holding one sub-attribute. */
    RadiusAttribute vendorAttribute(int vendor, int type, byte[] value) {
        byte[] v = new byte[6 + value.length];
        v[0] = (byte) (vendor >>> 24);
        v[1] = (byte) (vendor >>> 16);
        v[2] = (byte) (vendor >>> 8);
        v[3] = (byte) vendor;
        v[4] = (byte) type;
        v[5] = (byte) (value.length + 2);
        System.arraycopy(value, 0, v, 6, value.length);
        return attribute(Wire.VENDOR_SPECIFIC, v);
    }

    List<RadiusAttribute> copy(List<Wire.Attr> attrs) {
        List<RadiusAttribute> out = new ArrayList<>(attrs.size());
        for (Wire.Attr a : attrs) {
            out.add(attribute(a.type(), a.value()));
        }
        return out;
    }

    byte[] encode(int code, byte[] request, List<RadiusAttribute> attributes, byte[] secret) {
        List<RadiusAttribute> all = new ArrayList<>(attributes);
        for (Wire.Attr a : Wire.attributes(request)) {
            if (a.type() == Wire.PROXY_STATE) {
                all.add(attribute(Wire.PROXY_STATE, a.value()));
            }
        }
        try {
            return RadiusResponse.create(dictionary, (byte) code, (byte) Wire.identifier(request), null, all)
                    .encodeResponse(new String(secret, StandardCharsets.UTF_8), Wire.authenticator(request))
                    .toBytes();
        } catch (RadiusPacketException e) {
            throw new IllegalStateException("cannot encode a RADIUS reply: " + e.getMessage(), e);
        }
    }
}
