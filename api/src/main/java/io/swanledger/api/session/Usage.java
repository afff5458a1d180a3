package io.swanledger.api.session;

import io.swanledger.api.InvalidValueException;

/** Traffic counters of a session as reported by the NAS (octets and packets, both directions). */
public record Usage(long bytesIn, long bytesOut, long packetsIn, long packetsOut) {

    public static final Usage ZERO = new Usage(0, 0, 0, 0);

    public Usage {
        if (bytesIn < 0 || bytesOut < 0 || packetsIn < 0 || packetsOut < 0) {
            throw new InvalidValueException("usage", "counters must not be negative");
        }
    }

    /** Counter by counter the larger value: counters only ever grow, whatever a rekey reports. */
    public Usage max(Usage o) {
        return new Usage(Math.max(bytesIn, o.bytesIn), Math.max(bytesOut, o.bytesOut),
                Math.max(packetsIn, o.packetsIn), Math.max(packetsOut, o.packetsOut));
    }

    public boolean exceedsAnyOf(Usage o) {
        return bytesIn > o.bytesIn || bytesOut > o.bytesOut || packetsIn > o.packetsIn || packetsOut > o.packetsOut;
    }
}
