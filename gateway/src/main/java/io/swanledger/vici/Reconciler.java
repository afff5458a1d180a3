package io.swanledger.vici;

import io.swanledger.api.CommandRejectedException;
import io.swanledger.api.identity.AccountName;
import io.swanledger.api.identity.AuthMethod;
import io.swanledger.api.identity.GatewayId;
import io.swanledger.api.identity.Identity;
import io.swanledger.api.identity.Nas;
import io.swanledger.api.identity.PoolId;
import io.swanledger.api.identity.SessionId;
import io.swanledger.api.net.Ipv4Address;
import io.swanledger.api.net.PeerEndpoint;
import io.swanledger.api.session.AuthorizationResult;
import io.swanledger.api.session.AuthorizeSession;
import io.swanledger.api.session.CloseReason;
import io.swanledger.api.session.CloseSession;
import io.swanledger.api.session.EstablishSession;
import io.swanledger.jvici.IkeSa;
import io.swanledger.live.LiveSessions;
import io.swanledger.live.LiveSessions.Tunnel;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Compares the open sessions of this gateway with charon's {@code list-sas}. A session whose IKE_SA
 * is gone is closed {@code reconciled} (its address and route follow through the usual events); an
 * established SA the history does not know is adopted: authorized with method {@code adopted}, its
 * virtual IP as the address, and established with source {@code adopted:unknown-sa}. Sessions and SAs
 * younger than the grace period are left alone: an IKE_AUTH in flight is not a discrepancy.
 */
final class Reconciler {

    private static final Logger log = LoggerFactory.getLogger(Reconciler.class);
    static final String ADOPTED_SOURCE = "adopted:unknown-sa";

    /** What one comparison found. */
    record Plan(List<Tunnel> gone, List<IkeSa> unknown) {
    }

    /** What one pass did. */
    record Outcome(int sas, int open, int closed, int adopted, int notAdopted) {
    }

    private final CommandGateway commands;
    private final LiveSessions sessions;
    private final GatewayId gateway;
    private final PoolId pool;
    private final Duration grace;

    Reconciler(CommandGateway commands, LiveSessions sessions, GatewayId gateway, PoolId pool, Duration grace) {
        this.commands = commands;
        this.sessions = sessions;
        this.gateway = gateway;
        this.pool = pool;
        this.grace = grace;
    }

    /** An SA with what it says about its client, read once. */
    private record Seen(IkeSa sa, AccountName account, Ipv4Address vip) {

        static Seen of(IkeSa sa) {
            return new Seen(sa, SaIdentity.of(sa).map(Identity::account).orElse(null),
                    SaIdentity.virtualIp(sa).orElse(null));
        }
    }

    /**
     * Sessions and SAs are indexed by IKE_SA id and by address, so that a comparison stays linear in
     * their numbers; {@link #matches} decides among the few candidates an index returns.
     */
    static Plan compare(List<IkeSa> sas, List<Tunnel> open, Instant now, Duration grace) {
        Map<Long, List<Seen>> sasById = new HashMap<>();
        Map<Ipv4Address, List<Seen>> sasByVip = new HashMap<>();
        List<Seen> seen = new ArrayList<>();
        for (IkeSa sa : sas) {
            Seen s = Seen.of(sa);
            seen.add(s);
            sasById.computeIfAbsent(sa.uniqueId(), k -> new ArrayList<>()).add(s);
            if (s.vip() != null) {
                sasByVip.computeIfAbsent(s.vip(), k -> new ArrayList<>()).add(s);
            }
        }
        Map<Long, List<Tunnel>> sessionsById = new HashMap<>();
        Map<Ipv4Address, List<Tunnel>> sessionsByAddress = new HashMap<>();
        List<Tunnel> gone = new ArrayList<>();
        for (Tunnel t : open) {
            if (t.ikeUniqueId() > 0) {
                sessionsById.computeIfAbsent(t.ikeUniqueId(), k -> new ArrayList<>()).add(t);
            } else if (t.address() != null) {
                sessionsByAddress.computeIfAbsent(t.address(), k -> new ArrayList<>()).add(t);
            }
            List<Seen> candidates = t.ikeUniqueId() > 0 ? sasById.get(t.ikeUniqueId())
                    : t.address() == null ? null : sasByVip.get(t.address());
            boolean hasSa = candidates != null && candidates.stream().anyMatch(s -> matches(s, t));
            if (!hasSa && t.authorizedAt().isBefore(now.minus(grace))) {
                gone.add(t);
            }
        }
        List<IkeSa> unknown = new ArrayList<>();
        for (Seen s : seen) {
            if (!"ESTABLISHED".equals(s.sa().state()) || SaIdentity.establishedSeconds(s.sa()) < grace.toSeconds()
                    || s.vip() == null || s.account() == null) {
                continue;
            }
            boolean known = sessionsById.getOrDefault(s.sa().uniqueId(), List.of()).stream().anyMatch(t -> matches(s, t))
                    || sessionsByAddress.getOrDefault(s.vip(), List.of()).stream().anyMatch(t -> matches(s, t));
            if (!known) {
                unknown.add(s.sa());
            }
        }
        return new Plan(gone, unknown);
    }

    /**
     * Same IKE_SA id and no other account; or, for a session whose id is not known, same virtual IP
     * and account. (A restarted charon reuses ids: an id alone does not make an SA this session's.)
     */
    static boolean matches(IkeSa sa, Tunnel t) {
        return matches(Seen.of(sa), t);
    }

    private static boolean matches(Seen s, Tunnel t) {
        if (t.ikeUniqueId() > 0) {
            return t.ikeUniqueId() == s.sa().uniqueId() && (s.account() == null || s.account().equals(t.account()));
        }
        return t.address() != null && t.address().equals(s.vip()) && t.account().equals(s.account());
    }

    Outcome reconcile(List<IkeSa> sas, Instant now) {
        List<Tunnel> open = sessions.tunnelsOf(gateway);
        Plan plan = compare(sas, open, now, grace);
        // what strongSwan still lists is alive, whether or not its accounting speaks (VICI-only sites)
        Set<Tunnel> gone = new HashSet<>(plan.gone());
        sessions.seen(open.stream().filter(t -> !gone.contains(t)).map(Tunnel::id).toList(), now);
        for (Tunnel t : plan.gone()) {
            log.info("session {} ({}, {}): strongSwan has no IKE_SA for it; closing as reconciled", t.id(), t.account(),
                    t.address());
            commands.sendAndWait(new CloseSession(t.id(), CloseReason.RECONCILED, "no IKE_SA in strongSwan's list-sas",
                    null, null, gateway, now));
        }
        int adopted = 0;
        for (IkeSa sa : plan.unknown()) {
            if (adopt(sa, now)) {
                adopted++;
            }
        }
        return new Outcome(sas.size(), open.size(), plan.gone().size(), adopted, plan.unknown().size() - adopted);
    }

    private boolean adopt(IkeSa sa, Instant now) {
        Identity identity = SaIdentity.of(sa).orElseThrow();
        Ipv4Address vip = SaIdentity.virtualIp(sa).orElseThrow();
        Nas nas;
        PeerEndpoint peer;
        try {
            nas = new Nas(Ipv4Address.parse(sa.raw().optString("local-host").orElse("")), null);
            peer = new PeerEndpoint(sa.remoteHost(), sa.remotePort());
        } catch (IllegalArgumentException e) {
            log.warn("IKE_SA {}[{}] of {} is unknown to the history but cannot be adopted: {}", sa.name(), sa.uniqueId(),
                    identity.account(), e.getMessage());
            return false;
        }
        // the same SA always gets the same id, so a pass repeated before the first one is seen adopts it once
        SessionId id = new SessionId(UUID.nameUUIDFromBytes(String.join("|", "adopted", gateway.value(),
                nas.address().toString(), Long.toString(sa.uniqueId()), peer.address(), vip.toString())
                .getBytes(StandardCharsets.UTF_8)).toString());
        try {
            AuthorizationResult r = commands.sendAndWait(new AuthorizeSession(id, pool, identity, identity.account(),
                    AuthMethod.ADOPTED, null, null, peer, nas, null, vip, gateway, now));
            if (!r.accepted()) {
                log.warn("IKE_SA {}[{}] of {} with {} is unknown to the history; adoption refused: {}", sa.name(),
                        sa.uniqueId(), identity.account(), vip, r.refusal());
                return false;
            }
            if (!vip.equals(r.address())) {
                commands.sendAndWait(new CloseSession(id, CloseReason.FAILED,
                        "adoption: " + vip + " is not free in the pool", null, null, gateway, now));
                log.warn("IKE_SA {}[{}] of {} holds {}, which the pool has not free: not adopted", sa.name(),
                        sa.uniqueId(), identity.account(), vip);
                return false;
            }
            commands.sendAndWait(new EstablishSession(id, ADOPTED_SOURCE, sa.uniqueId(), gateway, now));
            log.warn("IKE_SA {}[{}] of {} with {} was unknown to the history: adopted as session {}", sa.name(),
                    sa.uniqueId(), identity.account(), vip, id);
            return true;
        } catch (CommandRejectedException e) {
            log.warn("IKE_SA {}[{}] of {}: adoption refused: {}", sa.name(), sa.uniqueId(), identity.account(), e.getMessage());
            return false;
        }
    }
}
