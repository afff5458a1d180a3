package io.swanledger.session;

import com.fasterxml.jackson.annotation.JsonAutoDetect;
import com.fasterxml.jackson.annotation.JsonAutoDetect.Visibility;
import io.swanledger.api.CommandRejectedException;
import io.swanledger.api.identity.GatewayId;
import io.swanledger.api.identity.SessionId;
import io.swanledger.api.pool.ReleaseAddress;
import io.swanledger.api.session.RevokeVlanRoute;
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
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The saga that followed each session before sessions needed none: it withdrew the session's lab-VLAN
 * route when its pair or VLAN left the access list, and gave its address back when it closed. No new
 * one starts ({@link SessionCloser} releases in the close's unit of work, {@link RouteRevocations}
 * withdraws routes); those a store still holds from an earlier version run to their end. A release
 * the closer already made is a repeat the pool accepts and records nothing for.
 */
@JsonAutoDetect(fieldVisibility = Visibility.ANY, getterVisibility = Visibility.NONE, isGetterVisibility = Visibility.NONE)
public class SessionLifecycleSaga {

    private static final Logger LOG = LoggerFactory.getLogger(SessionLifecycleSaga.class);

    private SessionId sessionId;
    private GatewayId gateway;

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
