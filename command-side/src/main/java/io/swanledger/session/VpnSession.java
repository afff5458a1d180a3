package io.swanledger.session;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;

import io.swanledger.api.identity.AccountName;
import io.swanledger.api.identity.GatewayId;
import io.swanledger.api.identity.PoolId;
import io.swanledger.api.identity.SessionId;
import io.swanledger.api.net.Ipv4Address;
import io.swanledger.api.net.PeerEndpoint;
import io.swanledger.api.session.AddressAssigned;
import io.swanledger.api.session.AuthorizationResult;
import io.swanledger.api.session.AuthorizeSession;
import io.swanledger.api.session.ClientEndpointChanged;
import io.swanledger.api.session.CloseReason;
import io.swanledger.api.session.CloseSession;
import io.swanledger.api.session.EstablishSession;
import io.swanledger.api.session.IkeSaRekeyed;
import io.swanledger.api.session.RecordClientEndpoint;
import io.swanledger.api.session.RecordIkeRekey;
import io.swanledger.api.session.RecordUsage;
import io.swanledger.api.session.RevokeVlanRoute;
import io.swanledger.api.session.SessionAuthorized;
import io.swanledger.api.session.SessionClosed;
import io.swanledger.api.session.SessionEstablished;
import io.swanledger.api.session.SessionRefused;
import io.swanledger.api.session.SessionUsageRecorded;
import io.swanledger.api.session.Usage;
import io.swanledger.api.session.VlanRouteDenied;
import io.swanledger.api.session.VlanRouteGranted;
import io.swanledger.api.session.VlanRouteRevoked;
import io.swanledger.api.vlan.LabVlan;
import io.swanledger.vlan.VlanDecision;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateIdentifier;

/**
 * One VPN connection: authorized (with its address and lab-VLAN decision) → established → closed,
 * each at most once. Repeated signals (RADIUS Stop and VICI down both arrive; accounting is
 * retransmitted) are accepted and record nothing new. Counters only grow. A refused session is
 * created closed. Created by {@link SessionAuthorizer}, in the same transaction as the allocation.
 */
public class VpnSession {

    @AggregateIdentifier
    private SessionId sessionId;
    private AccountName account;
    private GatewayId gateway;
    private PoolId poolId;
    private Ipv4Address address;
    private LabVlan routedVlan;
    private VlanRouteDenied.Reason vlanDenial;
    private SessionRefused.Reason refusal;
    private boolean established;
    private long ikeUniqueId;
    private boolean closed;
    private Usage usage = Usage.ZERO;
    private PeerEndpoint peer;

    VpnSession() {
        // for Axon
    }

    /** An accepted session: authorized, its address assigned, its VLAN decision recorded. */
    VpnSession(AuthorizeSession c, Ipv4Address address, VlanDecision vlan) {
        apply(new SessionAuthorized(c.sessionId(), c.poolId(), c.requested(), c.authenticated(), c.authMethod(),
                c.certificateSubject(), c.certificateIssuer(), c.peer(), c.nas(), c.acctSessionId(), c.gateway(), c.at(),
                c.callingStationId()));
        apply(new AddressAssigned(c.sessionId(), c.poolId(), address, c.authenticated(), c.gateway(), c.at()));
        if (vlan != null && vlan.granted()) {
            apply(new VlanRouteGranted(c.sessionId(), c.authenticated(), vlan.pair(), vlan.grantedVlan(), address,
                    c.gateway(), c.at()));
        } else if (vlan != null) {
            applyDenial(c, vlan);
        }
    }

    /** A session the AAA server accepted and swanledger refused. */
    VpnSession(AuthorizeSession c, SessionRefused.Reason reason, VlanDecision vlan) {
        apply(new SessionRefused(c.sessionId(), c.requested(), c.authenticated(), c.authMethod(), c.certificateSubject(),
                c.certificateIssuer(), c.peer(), c.nas(), reason, c.requested().vlan(), c.gateway(), c.at()));
        if (vlan != null && !vlan.granted()) {
            applyDenial(c, vlan);
        }
    }

    private static void applyDenial(AuthorizeSession c, VlanDecision vlan) {
        apply(new VlanRouteDenied(c.sessionId(), c.requested(), c.authenticated(), c.requested().vlan(), vlan.denial(),
                c.gateway(), c.at()));
    }

    /** What was decided, for answering a repeated authorization the same way. */
    AuthorizationResult result() {
        return refusal != null
                ? AuthorizationResult.refused(sessionId, refusal, vlanDenial)
                : AuthorizationResult.accepted(sessionId, address, routedVlan, vlanDenial);
    }

    @CommandHandler
    public void handle(EstablishSession c) {
        if (established || closed) {
            return;
        }
        apply(new SessionEstablished(sessionId, c.source(), c.ikeUniqueId(), c.gateway(), c.at()));
    }

    @CommandHandler
    public void handle(RecordIkeRekey c) {
        if (closed || c.ikeUniqueId() == ikeUniqueId) {
            return;
        }
        apply(new IkeSaRekeyed(sessionId, account, c.previousIkeUniqueId(), c.ikeUniqueId(), c.gateway(), c.at()));
    }

    @CommandHandler
    public void handle(RecordClientEndpoint c) {
        if (closed || c.endpoint().equals(peer)) {
            return;
        }
        apply(new ClientEndpointChanged(sessionId, account, peer, c.endpoint(), c.source(), c.gateway(), c.at()));
    }

    @CommandHandler
    public void handle(RecordUsage c) {
        if (closed || !c.usage().exceedsAnyOf(usage)) {
            return;
        }
        apply(new SessionUsageRecorded(sessionId, usage.max(c.usage()), c.gateway(), c.at()));
    }

    @CommandHandler
    public void handle(RevokeVlanRoute c) {
        if (closed || routedVlan == null) {
            return;
        }
        apply(new VlanRouteRevoked(sessionId, account, routedVlan, address, c.reason(), c.gateway(), c.at()));
    }

    /**
     * Closes the session (for {@link SessionCloser}); returns the address it held, which the pool must
     * now take back, or null when there is none or the close changed nothing.
     */
    Ipv4Address close(CloseSession c) {
        // A deadline that fires late (a sweep catching up) must not close a session that did come up.
        if (closed || (c.reason() == CloseReason.NEVER_ESTABLISHED && established)) {
            return null;
        }
        Usage last = c.finalUsage() == null ? usage : usage.max(c.finalUsage());
        apply(new SessionClosed(sessionId, account, c.reason(), c.detail(), c.requestedBy(), poolId, address,
                routedVlan == null ? null : routedVlan.number(), established, last, c.gateway(), c.at()));
        return address;
    }

    PoolId poolId() {
        return poolId;
    }

    /** Closed (or refused): nothing more will be recorded for it, so it need not stay in memory. */
    public boolean isClosed() {
        return closed;
    }

    @EventSourcingHandler
    void on(SessionAuthorized e) {
        sessionId = e.sessionId();
        peer = e.peer();
        account = e.account();
        gateway = e.gateway();
        poolId = e.poolId();
    }

    @EventSourcingHandler
    void on(SessionRefused e) {
        sessionId = e.sessionId();
        account = e.account();
        gateway = e.gateway();
        refusal = e.reason();
        closed = true;
    }

    @EventSourcingHandler
    void on(AddressAssigned e) {
        address = e.address();
    }

    @EventSourcingHandler
    void on(VlanRouteGranted e) {
        routedVlan = e.vlan();
    }

    @EventSourcingHandler
    void on(VlanRouteDenied e) {
        vlanDenial = e.reason();
    }

    @EventSourcingHandler
    void on(VlanRouteRevoked e) {
        routedVlan = null;
    }

    @EventSourcingHandler
    void on(SessionEstablished e) {
        established = true;
        if (e.ikeUniqueId() > 0) {
            ikeUniqueId = e.ikeUniqueId();
        }
    }

    @EventSourcingHandler
    void on(IkeSaRekeyed e) {
        ikeUniqueId = e.ikeUniqueId();
    }

    @EventSourcingHandler
    void on(ClientEndpointChanged e) {
        peer = e.current();
    }

    @EventSourcingHandler
    void on(SessionUsageRecorded e) {
        usage = e.usage();
    }

    @EventSourcingHandler
    void on(SessionClosed e) {
        closed = true;
        usage = e.usage();
    }
}
