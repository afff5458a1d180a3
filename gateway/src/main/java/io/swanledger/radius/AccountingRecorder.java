package io.swanledger.radius;

import io.swanledger.api.InvalidValueException;
import io.swanledger.api.identity.AccountName;
import io.swanledger.api.identity.GatewayId;
import io.swanledger.api.identity.Identity;
import io.swanledger.api.identity.Nas;
import io.swanledger.api.identity.SessionId;
import io.swanledger.api.net.Ipv4Address;
import io.swanledger.api.session.CloseReason;
import io.swanledger.api.net.PeerEndpoint;
import io.swanledger.api.session.CloseSession;
import io.swanledger.api.session.RecordClientEndpoint;
import io.swanledger.api.session.EstablishSession;
import io.swanledger.api.session.RecordUsage;
import io.swanledger.api.session.Usage;
import io.swanledger.radius.RadiusCounters.Counter;
import io.swanledger.live.LiveSessions;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Accounting-Requests as session commands, on a worker thread: Start establishes, Interim-Update
 * records usage, Stop closes, Accounting-On/Off closes what the NAS had before it restarted. Returns
 * the Accounting-Response only once the command's events are stored.
 */
final class AccountingRecorder {

    private static final Logger log = LoggerFactory.getLogger(AccountingRecorder.class);

    static final int START = 1;
    static final int STOP = 2;
    static final int INTERIM = 3;
    static final int ACCOUNTING_ON = 7;
    static final int ACCOUNTING_OFF = 8;

    private static final String[] TERMINATE_CAUSES = {null, "User-Request", "Lost-Carrier", "Lost-Service",
            "Idle-Timeout", "Session-Timeout", "Admin-Reset", "Admin-Reboot", "Port-Error", "NAS-Error", "NAS-Request",
            "NAS-Reboot", "Port-Unneeded", "Port-Preempted", "Port-Suspended", "Service-Unavailable", "Callback",
            "User-Error", "Host-Request"};

    private final Replies replies;
    private final RadiusCounters counters;
    private final CommandGateway commands;
    private final LiveSessions sessions;
    private final GatewayId gateway;

    AccountingRecorder(Replies replies, RadiusCounters counters, CommandGateway commands, LiveSessions sessions,
                       GatewayId gateway) {
        this.replies = replies;
        this.counters = counters;
        this.commands = commands;
        this.sessions = sessions;
        this.gateway = gateway;
    }

    byte[] record(Inbound in, Instant at) {
        byte[] p = in.packet();
        List<Wire.Attr> attrs = Wire.attributes(p);
        Nas nas = new Nas(in.client().address(), nasIdentifier(attrs));
        long status = integer(attrs, Wire.ACCT_STATUS_TYPE);
        if (status == ACCOUNTING_ON || status == ACCOUNTING_OFF) {
            counters.increment(Counter.ACCOUNTING_ON_OFF);
            String what = status == ACCOUNTING_ON ? "Accounting-On" : "Accounting-Off";
            List<SessionId> open = sessions.openOf(nas, at);
            for (SessionId id : open) {
                commands.sendAndWait(new CloseSession(id, CloseReason.NAS_RESTART, what, null, null, gateway, at));
            }
            log.info("NAS {} sent {}: closed {} session(s) it had before", in.client().name(), what, open.size());
        } else if (status == START || status == INTERIM || status == STOP) {
            Optional<LiveSessions.Entry> session = find(attrs, in.client().address());
            if (session.isEmpty()) {
                counters.increment(Counter.ACCOUNTING_UNKNOWN_SESSION);
            } else {
                SessionId id = session.get().id();
                PeerEndpoint peer = Login.peer(text(attrs, Wire.CALLING_STATION_ID));
                if (peer != null && session.get().movedTo(peer)) {
                    // a MOBIKE roam reported by accounting (strongSwan sends the current endpoint)
                    commands.sendAndWait(new RecordClientEndpoint(id, peer, "radius-accounting", gateway, at));
                }
                if (status == INTERIM) {
                    counters.increment(Counter.ACCOUNTING_INTERIM);
                    sessions.seen(id, at); // alive even when its counters did not move (then nothing is recorded)
                    commands.sendAndWait(new RecordUsage(id, usage(attrs), gateway, at));
                } else {
                    commands.sendAndWait(startOrStop(status, id, attrs, at));
                }
            }
        }
        return acknowledge(in);
    }

    /**
     * The one command a Start or Stop asks for when its session is known in memory by its Class and
     * did not move (counted as {@link #record} counts it); otherwise null, and {@link #record} decides
     * on a worker. Never blocks: for the event loop.
     */
    Object sessionCommand(Inbound in, Instant at) {
        List<Wire.Attr> attrs = Wire.attributes(in.packet());
        long status = integer(attrs, Wire.ACCT_STATUS_TYPE);
        if (status != START && status != STOP) {
            return null;
        }
        LiveSessions.Entry session = null;
        for (Wire.Attr a : attrs) {
            if (a.type() == Wire.CLASS) {
                try {
                    session = sessions.inMemory(SessionId.of(a.text())).orElse(null);
                } catch (InvalidValueException notOurs) {
                    return null;
                }
                break;
            }
        }
        if (session == null || !session.nasAddress().equals(in.client().address())) {
            return null;
        }
        PeerEndpoint peer = Login.peer(text(attrs, Wire.CALLING_STATION_ID));
        if (peer != null && session.movedTo(peer)) {
            return null;
        }
        return startOrStop(status, session.id(), attrs, at);
    }

    /** A Start's establish or a Stop's close, counted. */
    private Object startOrStop(long status, SessionId id, List<Wire.Attr> attrs, Instant at) {
        if (status == START) {
            counters.increment(Counter.ACCOUNTING_START);
            return new EstablishSession(id, "radius-accounting", integer(attrs, Wire.NAS_PORT), gateway, at);
        }
        counters.increment(Counter.ACCOUNTING_STOP);
        int cause = (int) integer(attrs, Wire.ACCT_TERMINATE_CAUSE);
        return new CloseSession(id, reason(cause), causeName(cause), null, usage(attrs), gateway, at);
    }

    /** The Accounting-Response: the request is recorded, or safely spooled. */
    byte[] acknowledge(Inbound in) {
        return replies.encode(Wire.ACCOUNTING_RESPONSE, in.packet(), List.of(), in.client().secret());
    }

    /**
     * By Class (our session id, echoed with {@code accounting_send_class = yes}), else by this NAS's
     * Acct-Session-Id, else by Framed-IP-Address + User-Name. A session of another NAS is never found.
     */
    private Optional<LiveSessions.Entry> find(List<Wire.Attr> attrs, Ipv4Address nas) {
        String acctSessionId = null;
        Ipv4Address framed = null;
        AccountName account = null;
        for (Wire.Attr a : attrs) {
            try {
                switch (a.type()) {
                    case Wire.CLASS -> {
                        Optional<LiveSessions.Entry> byClass = sessions.byId(SessionId.of(a.text()));
                        if (byClass.isPresent() && byClass.get().nasAddress().equals(nas)) {
                            return byClass;
                        }
                    }
                    case Wire.ACCT_SESSION_ID -> acctSessionId = a.text();
                    case Wire.FRAMED_IP_ADDRESS -> framed = a.value().length == 4 ? Ipv4Address.ofBytes(a.value()) : null;
                    case Wire.USER_NAME -> account = Identity.parse(a.text()).account();
                    default -> {
                    }
                }
            } catch (InvalidValueException ignored) {
                // not one of ours: try the other keys
            }
        }
        if (acctSessionId != null) {
            Optional<LiveSessions.Entry> byAcct = sessions.byAcctSessionId(nas, acctSessionId);
            if (byAcct.isPresent()) {
                return byAcct;
            }
        }
        if (framed != null && account != null) {
            return sessions.byAddressAndAccount(framed, account).filter(e -> e.nasAddress().equals(nas));
        }
        return Optional.empty();
    }

    private static Usage usage(List<Wire.Attr> attrs) {
        return new Usage(integer(attrs, Wire.ACCT_INPUT_OCTETS) + (integer(attrs, Wire.ACCT_INPUT_GIGAWORDS) << 32),
                integer(attrs, Wire.ACCT_OUTPUT_OCTETS) + (integer(attrs, Wire.ACCT_OUTPUT_GIGAWORDS) << 32),
                integer(attrs, Wire.ACCT_INPUT_PACKETS), integer(attrs, Wire.ACCT_OUTPUT_PACKETS));
    }

    private static CloseReason reason(int cause) {
        return switch (cause) {
            case 4, 5 -> CloseReason.TIMEOUT;
            case 6 -> CloseReason.ADMIN;
            case 7, 11 -> CloseReason.NAS_RESTART;
            default -> CloseReason.DISCONNECTED;
        };
    }

    private static String causeName(int cause) {
        if (cause <= 0) {
            return null;
        }
        return cause < TERMINATE_CAUSES.length ? TERMINATE_CAUSES[cause] : "cause-" + cause;
    }

    private static long integer(List<Wire.Attr> attrs, int type) {
        for (Wire.Attr a : attrs) {
            if (a.type() == type && a.value().length == 4) {
                return Login.unsigned(a.value());
            }
        }
        return 0;
    }

    private static String text(List<Wire.Attr> attrs, int type) {
        for (Wire.Attr a : attrs) {
            if (a.type() == type) {
                return a.text();
            }
        }
        return null;
    }

    private static String nasIdentifier(List<Wire.Attr> attrs) {
        for (Wire.Attr a : attrs) {
            if (a.type() == Wire.NAS_IDENTIFIER) {
                try {
                    return new Nas(Ipv4Address.parse("0.0.0.0"), a.text()).identifier();
                } catch (InvalidValueException e) {
                    return null;
                }
            }
        }
        return null;
    }
}
