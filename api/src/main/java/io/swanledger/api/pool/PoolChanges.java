package io.swanledger.api.pool;

import io.swanledger.api.net.Ipv4Address;
import io.swanledger.api.net.Ipv4Range;
import java.util.List;

/**
 * What a reconfiguration changed: the ranges before and after (equal when unchanged), addresses
 * reserved and unreserved, and the addresses live sessions still hold that have left the pool and
 * go when released.
 */
public record PoolChanges(List<Ipv4Range> rangesBefore, List<Ipv4Range> rangesAfter, List<Ipv4Address> reserved,
                          List<Ipv4Address> unreserved, List<Ipv4Address> leavingWhenReleased, boolean quarantineChanged) {

    public boolean none() {
        return rangesBefore.equals(rangesAfter) && reserved.isEmpty() && unreserved.isEmpty() && !quarantineChanged;
    }
}
