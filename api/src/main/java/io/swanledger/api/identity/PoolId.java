package io.swanledger.api.identity;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/** Names one client address pool (same syntax as a gateway id), e.g. {@code clients}. */
public record PoolId(String value) {

    public PoolId {
        GatewayId.checkName("pool id", value);
    }

    @JsonCreator
    public static PoolId of(String value) {
        return new PoolId(value);
    }

    @JsonValue
    @Override
    public String toString() {
        return value;
    }
}
