package io.swanledger.api.pool;

import io.swanledger.api.identity.AccountName;
import io.swanledger.api.identity.GatewayId;
import io.swanledger.api.identity.PoolId;
import io.swanledger.api.identity.SessionId;
import io.swanledger.api.net.Ipv4Address;
import java.time.Instant;
import org.axonframework.serialization.Revision;

/** {@code choice} says why this address: the account's last one, the one asked for, or least recently released. */
@Revision("1")
public record AddressAllocated(PoolId poolId, Ipv4Address address, SessionId sessionId, AccountName account,
                               Choice choice, GatewayId gateway, Instant at) {

    public enum Choice { STICKY, PREFERRED, LEAST_RECENTLY_RELEASED }
}
