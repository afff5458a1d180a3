package io.swanledger.session;

import com.fasterxml.jackson.annotation.JsonAutoDetect;
import com.fasterxml.jackson.annotation.JsonAutoDetect.Visibility;
import io.swanledger.api.CommandRejectedException;
import io.swanledger.api.identity.GatewayId;
import io.swanledger.api.identity.SessionId;
import io.swanledger.api.pool.ReleaseAddress;
import io.swanledger.api.session.RevokeVlanRoute;
import io.swanledger.api.session.SessionAuthorized;
import io.swanledger.api.session.SessionClosed;
import io.swanledger.api.session.VlanRouteGranted;
import io.swanledger.api.session.VlanRouteRevoked;
import io.swanledger.api.vlan.AccessPairRevoked;
import io.swanledger.api.vlan.LabVlanChanged;
import io.swanledger.api.vlan.LabVlanUnregistered;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.modelling.saga.EndSaga;
import org.axonframework.modelling.saga.SagaEventHandler;
import org.axonframework.modelling.saga.SagaLifecycle;
import org.axonframework.modelling.saga.StartSaga;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Follows one accepted session from authorization to close: withdraws its lab-VLAN route when its
 * pair or VLAN leaves the access list, and gives its address back to the pool when it closes. (The
 * deadline by which it must come up is kept by {@link EstablishDeadlines}, in the store.)
 */
@JsonAutoDetect(fieldVisibility = Visibility.ANY, getterVisibility = Visibility.NONE, isGetterVisibility = Visibility.NONE)
public class SessionLifecycleSaga {

    private static final Logger LOG = LoggerFactory.getLogger(SessionLifecycleSaga.class);

    private SessionId sessionId;
    private GatewayId gateway;

    @StartSaga
    @SagaEventHandler(associationProperty = "sessionId")
    void on(SessionAuthorized e) {
        sessionId = e.sessionId();
        gateway = e.gateway();
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

    @EndSaga
    @SagaEventHandler(associationProperty = "sessionId")
    void on(SessionClosed e, CommandGateway commands) {
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
