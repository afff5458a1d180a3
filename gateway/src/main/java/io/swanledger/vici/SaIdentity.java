package io.swanledger.vici;

import io.swanledger.api.InvalidValueException;
import io.swanledger.api.identity.Identity;
import io.swanledger.api.net.Ipv4Address;
import io.swanledger.jvici.IkeSa;
import java.util.Optional;

/**
 * What an IKE_SA tells about its client, validated: charon passes on whatever the client sent, so a
 * name that is no identity or a virtual IP that is no IPv4 address is treated as absent, never trusted.
 */
final class SaIdentity {

    private SaIdentity() {
    }

    /** The EAP identity when there is one (charon omits it when equal to the IKE identity), else the IKE identity. */
    static Optional<Identity> of(IkeSa sa) {
        String text = sa.remoteEapId() != null ? sa.remoteEapId() : sa.remoteId();
        if (text == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(Identity.parse(text));
        } catch (InvalidValueException notAnIdentity) {
            return Optional.empty();
        }
    }

    /** The first IPv4 virtual IP charon assigned, if any. */
    static Optional<Ipv4Address> virtualIp(IkeSa sa) {
        for (String vip : sa.remoteVips()) {
            try {
                return Optional.of(Ipv4Address.parse(vip));
            } catch (InvalidValueException notIpv4) {
                // an IPv6 virtual IP is not from our pool
            }
        }
        return Optional.empty();
    }

    /** Seconds since the IKE_SA was established (charon's "established"), 0 when not reported. */
    static long establishedSeconds(IkeSa sa) {
        try {
            return sa.raw().optLong("established").orElse(0L);
        } catch (RuntimeException malformed) {
            return 0;
        }
    }
}
