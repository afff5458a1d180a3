package io.swanledger.api.pool;

import io.swanledger.api.identity.AccountName;
import io.swanledger.api.identity.GatewayId;
import io.swanledger.api.identity.PoolId;
import io.swanledger.api.identity.SessionId;
import java.time.Instant;
import org.axonframework.serialization.Revision;

/** The pool could not give the session an address; {@code free} counts free addresses still in quarantine. */
@Revision("1")
public record AddressAllocationRefused(PoolId poolId, SessionId sessionId, AccountName account, Reason reason,
                                       int held, int free, GatewayId gateway, Instant at) {

    public enum Reason { EXHAUSTED, ALL_FREE_ADDRESSES_IN_QUARANTINE }
}
