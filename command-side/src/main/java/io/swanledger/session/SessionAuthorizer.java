package io.swanledger.session;

import io.swanledger.api.CommandRejectedException;
import io.swanledger.api.net.Ipv4Address;
import io.swanledger.api.pool.AllocateAddress;
import io.swanledger.api.session.AuthorizationResult;
import io.swanledger.api.session.AuthorizeSession;
import io.swanledger.api.session.SessionRefused;
import io.swanledger.eventstore.GroupCommitCommandBus;
import io.swanledger.pool.AddressPool;
import io.swanledger.vlan.AccessListView;
import io.swanledger.vlan.VlanDecision;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.axonframework.modelling.command.Aggregate;
import org.axonframework.modelling.command.AggregateNotFoundException;
import org.axonframework.modelling.command.Repository;

/**
 * Handles {@link AuthorizeSession}: decides the lab-VLAN route, takes an address from the pool and
 * opens the session — one unit of work, one transaction, so there is never an address without a
 * session or a session whose address another one holds. A repeated authorization for the same
 * session id answers as the first did and records nothing.
 */
public class SessionAuthorizer {

    private final EventStore eventStore;
    private final Repository<VpnSession> sessions;
    private final Repository<AddressPool> pools;
    private final AccessListView accessList;
    private final SessionPolicy policy;

    public SessionAuthorizer(EventStore eventStore, Repository<VpnSession> sessions, Repository<AddressPool> pools,
                             AccessListView accessList, SessionPolicy policy) {
        this.eventStore = eventStore;
        this.sessions = sessions;
        this.pools = pools;
        this.accessList = accessList;
        this.policy = policy;
    }

    @CommandHandler
    public AuthorizationResult handle(AuthorizeSession c) throws Exception {
        Aggregate<VpnSession> existing = existing(c);
        if (existing != null) {
            return existing.invoke(VpnSession::result);
        }
        VlanDecision vlan = VlanDecision.decide(c.requested(), c.authenticated(), c.accountVouched(), accessList);
        if (vlan != null && !vlan.granted() && policy.unlistedPair() == SessionPolicy.UnlistedPair.REJECT) {
            sessions.newInstance(() -> new VpnSession(c, SessionRefused.Reason.VLAN_NOT_GRANTED, vlan));
            return AuthorizationResult.refused(c.sessionId(), SessionRefused.Reason.VLAN_NOT_GRANTED, vlan.denial());
        }
        Aggregate<AddressPool> pool;
        try {
            pool = pools.load(c.poolId().value());
        } catch (AggregateNotFoundException e) {
            throw new CommandRejectedException("pool " + c.poolId() + " is not defined");
        }
        Ipv4Address address = pool.invoke(p -> p.handle(new AllocateAddress(c.poolId(), c.sessionId(),
                c.authenticated(), c.preferredAddress(), c.gateway(), c.at())));
        if (address == null) {
            sessions.newInstance(() -> new VpnSession(c, SessionRefused.Reason.POOL_EXHAUSTED, vlan));
            return AuthorizationResult.refused(c.sessionId(), SessionRefused.Reason.POOL_EXHAUSTED,
                    vlan == null ? null : vlan.denial());
        }
        sessions.newInstance(() -> new VpnSession(c, address, vlan));
        return AuthorizationResult.accepted(c.sessionId(), address, vlan == null ? null : vlan.grantedVlan(),
                vlan == null ? null : vlan.denial());
    }

    /**
     * The session if it exists; asks the store first, so that the usual case costs no exception. In a
     * group ({@link GroupCommitCommandBus}) the id is taken to be new and the store is not asked: a
     * session id is new for nearly every login, and where it is not, the group's commit fails on the
     * store's unique key and every command of the group is handled again on its own, with this check.
     */
    private Aggregate<VpnSession> existing(AuthorizeSession c) {
        if (GroupCommitCommandBus.inGroup()) {
            return null;
        }
        String id = c.sessionId().value();
        return eventStore.lastSequenceNumberFor(id).isPresent() ? sessions.load(id) : null;
    }
}
