package io.swanledger.api.session;

import io.swanledger.api.Inputs;
import io.swanledger.api.identity.GatewayId;
import io.swanledger.api.identity.SessionId;
import java.time.Instant;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** An Interim-Update's counters. */
public record RecordUsage(@TargetAggregateIdentifier SessionId sessionId, Usage usage, GatewayId gateway, Instant at) {

    public RecordUsage {
        Inputs.required("session id", sessionId);
        Inputs.required("usage", usage);
        Inputs.required("gateway", gateway);
        Inputs.required("time", at);
    }
}
