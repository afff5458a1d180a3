package io.swanledger.vici;

import io.swanledger.api.identity.GatewayId;
import io.swanledger.api.identity.Identity;
import io.swanledger.api.net.Ipv4Address;
import io.swanledger.api.session.CloseReason;
import io.swanledger.api.session.CloseSession;
import io.swanledger.api.session.EstablishSession;
import io.swanledger.api.InvalidValueException;
import io.swanledger.api.net.PeerEndpoint;
import io.swanledger.api.session.RecordClientEndpoint;
import io.swanledger.api.session.RecordIkeRekey;
import io.swanledger.jvici.IkeSa;
import io.swanledger.jvici.IkeUpdown;
import io.swanledger.jvici.ViciMessage;
import io.swanledger.jvici.ViciProtocolException;
import io.swanledger.live.LiveSessions.Tunnel;
import io.swanledger.live.LiveSessions;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns charon's IKE events into session commands, stamped with the time they were read from the
 * socket. A session is found by its IKE_SA unique id (learnt from the Acct-Session-Id at
 * authorization, or from a rekey), and the SA's identity must name the session's account; a tunnel
 * that came up is also found by virtual IP + account. Accounting may report the same start or stop:
 * the session aggregate records each only once.
 */
final class StrongSwanEvents {

    private static final Logger log = LoggerFactory.getLogger(StrongSwanEvents.class);

    private final CommandGateway commands;
    private final LiveSessions sessions;
    private final GatewayId gateway;
    final AtomicLong received = new AtomicLong();
    final AtomicLong unmatched = new AtomicLong();
    final AtomicLong malformed = new AtomicLong();
    final AtomicLong failed = new AtomicLong();
    final AtomicLong dropped = new AtomicLong();

    StrongSwanEvents(CommandGateway commands, LiveSessions sessions, GatewayId gateway) {
        this.commands = commands;
        this.sessions = sessions;
        this.gateway = gateway;
    }

    /** Entry point for the VICI dispatcher thread: nothing charon sends may stop it. */
    void onEvent(String event, ViciMessage message, Instant receivedAt) {
        received.incrementAndGet();
        try {
            switch (event) {
                case "ike-updown" -> onUpdown(IkeUpdown.of(message, receivedAt));
                case "ike-rekey" -> onRekey(message, receivedAt);
                case "ike-update" -> onUpdate(message, receivedAt);
                default -> log.debug("ignoring VICI event {}", event);
            }
        } catch (IllegalStateException | ViciProtocolException e) {
            // jvici reports values of the wrong kind (a non-numeric unique id, …) as IllegalStateException
            malformed.incrementAndGet();
            log.warn("VICI {} event malformed, ignored: {}", event, e.getMessage());
        } catch (RuntimeException e) {
            failed.incrementAndGet();
            log.warn("VICI {} event could not be recorded (the reconciler will compare again): {}", event, e.toString());
        }
    }

    void onUpdown(IkeUpdown e) {
        IkeSa sa = e.sa();
        Optional<Tunnel> session = find(sa);
        if (session.isEmpty()) {
            unmatched.incrementAndGet();
            log.info("IKE_SA {}[{}] {}: no open session of {} matches it (the reconciler will look again)",
                    sa.name(), sa.uniqueId(), e.up() ? "up" : "down", gateway);
            return;
        }
        Tunnel t = session.get();
        if (e.up()) {
            commands.sendAndWait(new EstablishSession(t.id(), "vici", sa.uniqueId(), gateway, e.receivedAt()));
        } else if (!t.established() && e.failedLogin()) {
            commands.sendAndWait(new CloseSession(t.id(), CloseReason.FAILED, "IKE_SA deleted while connecting",
                    null, null, gateway, e.receivedAt()));
        } else {
            commands.sendAndWait(new CloseSession(t.id(), CloseReason.DISCONNECTED, "IKE_SA down (" + state(sa) + ")",
                    null, null, gateway, e.receivedAt()));
        }
    }

    void onRekey(ViciMessage message, Instant receivedAt) {
        for (ViciMessage.Entry conn : message.sections()) {
            ViciMessage m = conn.section();
            Optional<ViciMessage> oldSa = m.optSection("old");
            Optional<ViciMessage> newSa = m.optSection("new");
            if (oldSa.isEmpty() || newSa.isEmpty()) {
                throw new IllegalStateException("ike-rekey without old and new IKE_SA");
            }
            IkeSa before = IkeSa.of(conn.name(), oldSa.get());
            IkeSa after = IkeSa.of(conn.name(), newSa.get());
            Optional<Tunnel> session = find(before);
            if (session.isEmpty()) {
                unmatched.incrementAndGet();
                log.info("IKE_SA {}[{}] rekeyed to [{}]: no open session matches it", conn.name(), before.uniqueId(),
                        after.uniqueId());
                continue;
            }
            commands.sendAndWait(new RecordIkeRekey(session.get().id(), before.uniqueId(), after.uniqueId(), gateway,
                    receivedAt));
        }
    }

    /** A MOBIKE roam: the new endpoints are top-level keys, the SA (with the old ones) its one section. */
    void onUpdate(ViciMessage message, Instant receivedAt) {
        List<ViciMessage.Entry> sas = message.sections();
        if (sas.size() != 1) {
            throw new IllegalStateException("ike-update with " + sas.size() + " IKE_SA sections");
        }
        PeerEndpoint endpoint;
        try {
            endpoint = new PeerEndpoint(message.string("remote-host"), (int) message.longValue("remote-port"));
        } catch (InvalidValueException e) {
            throw new IllegalStateException("ike-update: " + e.getMessage());
        }
        IkeSa sa = IkeSa.of(sas.get(0).name(), sas.get(0).section());
        Optional<Tunnel> session = find(sa);
        if (session.isEmpty()) {
            unmatched.incrementAndGet();
            log.info("IKE_SA {}[{}] moved to {}: no open session matches it", sa.name(), sa.uniqueId(), endpoint);
            return;
        }
        commands.sendAndWait(new RecordClientEndpoint(session.get().id(), endpoint, "vici", gateway, receivedAt));
    }

    /**
     * The open session this SA belongs to; the identity must agree when the SA tells one. The virtual
     * IP is a fallback only for a session whose IKE_SA id is not known: a late down of an old SA must
     * not close the next session that got the same (sticky) address.
     */
    Optional<Tunnel> find(IkeSa sa) {
        Optional<Identity> identity = SaIdentity.of(sa);
        Optional<Tunnel> byId = sa.uniqueId() > 0 ? sessions.byIkeSa(gateway, sa.uniqueId()) : Optional.empty();
        if (byId.isPresent()) {
            if (identity.isPresent() && !identity.get().account().equals(byId.get().account())) {
                log.warn("IKE_SA {}[{}] claims {} but its session belongs to {}: not applied", sa.name(), sa.uniqueId(),
                        identity.get().account(), byId.get().account());
                return Optional.empty();
            }
            return byId;
        }
        Optional<Ipv4Address> vip = SaIdentity.virtualIp(sa);
        if (vip.isEmpty() || identity.isEmpty()) {
            return Optional.empty();
        }
        return sessions.byAddressAndAccount(vip.get(), identity.get().account()).flatMap(e -> sessions.tunnelOf(e.id()))
                .filter(t -> t.ikeUniqueId() == 0 || t.ikeUniqueId() == sa.uniqueId());
    }

    private static String state(IkeSa sa) {
        return sa.state().matches("[A-Z_]{1,24}") ? sa.state() : "?";
    }
}
