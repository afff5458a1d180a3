package io.swanledger.session;

import com.fasterxml.jackson.annotation.JsonAutoDetect;
import com.fasterxml.jackson.annotation.JsonAutoDetect.Visibility;
import io.swanledger.api.CommandRejectedException;
import io.swanledger.api.identity.GatewayId;
import io.swanledger.api.identity.SessionId;
import io.swanledger.api.pool.ReleaseAddress;
import io.swanledger.api.session.CloseReason;
import io.swanledger.api.session.CloseSession;
import io.swanledger.api.session.RevokeVlanRoute;
import io.swanledger.api.session.SessionAuthorized;
import io.swanledger.api.session.SessionClosed;
import io.swanledger.api.session.SessionEstablished;
import io.swanledger.api.session.VlanRouteGranted;
import io.swanledger.api.session.VlanRouteRevoked;
import io.swanledger.api.vlan.AccessPairRevoked;
import io.swanledger.api.vlan.LabVlanChanged;
import io.swanledger.api.vlan.LabVlanUnregistered;
import java.time.Instant;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.deadline.DeadlineManager;
import org.axonframework.deadline.annotation.DeadlineHandler;
import org.axonframework.eventhandling.Timestamp;
import org.axonframework.modelling.saga.EndSaga;
import org.axonframework.modelling.saga.SagaEventHandler;
import org.axonframework.modelling.saga.SagaLifecycle;
import org.axonframework.modelling.saga.StartSaga;

/**
 * Follows one accepted session from authorization to close: closes it {@code never-established}
 * when no tunnel comes up in time, withdraws its lab-VLAN route when its pair or VLAN leaves the
 * access list, and gives its address back to the pool when it closes.
 */
@JsonAutoDetect(fieldVisibility = Visibility.ANY, getterVisibility = Visibility.NONE, isGetterVisibility = Visibility.NONE)
public class SessionLifecycleSaga {

    static final String ESTABLISH_DEADLINE = "establish-timeout";
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(SessionLifecycleSaga.class);
    static final String SYSTEM = "swanledger";

    private SessionId sessionId;
    private GatewayId gateway;

    @StartSaga
    @SagaEventHandler(associationProperty = "sessionId")
    void on(SessionAuthorized e, DeadlineManager deadlines, SessionPolicy policy) {
        sessionId = e.sessionId();
        gateway = e.gateway();
        deadlines.schedule(e.at().plus(policy.establishTimeout()), ESTABLISH_DEADLINE);
    }

    @SagaEventHandler(associationProperty = "sessionId")
    void on(VlanRouteGranted e) {
        SagaLifecycle.associateWith("pair", e.pair().toString());
        SagaLifecycle.associateWith("vlan", e.vlan().number().toString());
    }

    @SagaEventHandler(associationProperty = "sessionId")
    void on(VlanRouteRevoked e) {
        SagaLifecycle.removeAssociationWith("vlan", e.vlan().number().toString());
        SagaLifecycle.removeAssociationWith("pair", e.account() + "@" + e.vlan().number());
    }

    @SagaEventHandler(associationProperty = "sessionId")
    void on(SessionEstablished e, DeadlineManager deadlines) {
        deadlines.cancelAllWithinScope(ESTABLISH_DEADLINE);
    }

    @SagaEventHandler(associationProperty = "pair")
    void on(AccessPairRevoked e, CommandGateway commands) {
        commands.sendAndWait(new RevokeVlanRoute(sessionId, VlanRouteRevoked.Reason.PAIR_REVOKED, gateway, e.at()));
    }

    @SagaEventHandler(associationProperty = "vlan")
    void on(LabVlanUnregistered e, CommandGateway commands) {
        commands.sendAndWait(new RevokeVlanRoute(sessionId, VlanRouteRevoked.Reason.VLAN_UNREGISTERED, gateway, e.at()));
    }

    @SagaEventHandler(associationProperty = "vlan")
    void on(LabVlanChanged e, CommandGateway commands) {
        commands.sendAndWait(new RevokeVlanRoute(sessionId, VlanRouteRevoked.Reason.VLAN_CHANGED, gateway, e.at()));
    }

    @DeadlineHandler(deadlineName = ESTABLISH_DEADLINE)
    void onEstablishTimeout(@Timestamp Instant now, CommandGateway commands) {
        commands.sendAndWait(new CloseSession(sessionId, CloseReason.NEVER_ESTABLISHED,
                "no tunnel came up before the deadline", SYSTEM, null, gateway, now));
    }

    @EndSaga
    @SagaEventHandler(associationProperty = "sessionId")
    void on(SessionClosed e, CommandGateway commands, DeadlineManager deadlines) {
        deadlines.cancelAllWithinScope(ESTABLISH_DEADLINE);
        if (e.address() != null) {
            try {
                commands.sendAndWait(new ReleaseAddress(e.poolId(), e.address(), sessionId, e.gateway(), e.at()));
            } catch (CommandRejectedException notHeld) {
                // Only when history is processed again (a new or reset processor): the address was
                // released long ago and may belong to another session now. The pool refused, rightly;
                // retrying would block every saga behind this one.
                LOG.info("session {}: address {} was not released again: {}", sessionId, e.address(), notHeld.getMessage());
            }
        }
    }
}
