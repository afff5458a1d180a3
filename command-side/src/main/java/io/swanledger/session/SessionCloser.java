package io.swanledger.session;

import io.swanledger.api.CommandRejectedException;
import io.swanledger.api.net.Ipv4Address;
import io.swanledger.api.pool.ReleaseAddress;
import io.swanledger.api.session.CloseSession;
import io.swanledger.pool.AddressPool;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.modelling.command.Aggregate;
import org.axonframework.modelling.command.AggregateNotFoundException;
import org.axonframework.modelling.command.Repository;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Handles {@link CloseSession}: closes the session and gives its address back to the pool in the same
 * unit of work, so that an address is free exactly when its session has ended (no saga per session,
 * no window in which a closed session still holds its address). A close that changes nothing
 * releases nothing.
 */
public class SessionCloser {

    private static final Logger log = LoggerFactory.getLogger(SessionCloser.class);

    private final Repository<VpnSession> sessions;
    private final Repository<AddressPool> pools;

    public SessionCloser(Repository<VpnSession> sessions, Repository<AddressPool> pools) {
        this.sessions = sessions;
        this.pools = pools;
    }

    @CommandHandler
    public void handle(CloseSession c) {
        Aggregate<VpnSession> session = sessions.load(c.sessionId().value());
        Ipv4Address address = session.invoke(s -> s.close(c));
        if (address == null) {
            return;
        }
        ReleaseAddress release = new ReleaseAddress(session.invoke(VpnSession::poolId), address, c.sessionId(), c.gateway(), c.at());
        try {
            Aggregate<AddressPool> pool = pools.load(release.poolId().value());
            pool.execute(p -> p.handle(release));
        } catch (CommandRejectedException | AggregateNotFoundException e) {
            // The session ends in any case. The pool refuses only if the address is no longer this
            // session's (an operator released it by hand) or the pool is gone: nothing to give back.
            log.warn("session {}: address {} not given back to pool {}: {}", c.sessionId(), address, release.poolId(),
                    e.getMessage());
        }
    }
}
