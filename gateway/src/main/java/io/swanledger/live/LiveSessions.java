package io.swanledger.live;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.swanledger.api.identity.AccountName;
import io.swanledger.api.identity.GatewayId;
import io.swanledger.api.identity.Nas;
import io.swanledger.api.identity.SessionId;
import io.swanledger.api.net.Ipv4Address;
import io.swanledger.api.net.PeerEndpoint;
import io.swanledger.api.session.AddressAssigned;
import io.swanledger.api.session.ClientEndpointChanged;
import io.swanledger.api.session.IkeSaRekeyed;
import io.swanledger.api.session.SessionAuthorized;
import io.swanledger.api.session.SessionClosed;
import io.swanledger.api.session.SessionEstablished;
import io.swanledger.api.session.SessionUsageRecorded;
import io.swanledger.eventstore.StatementBatch;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Answers "which open session is this?" for accounting — by session id, by NAS + Acct-Session-Id,
 * by address + account — and for charon's events, by IKE_SA unique id; "which sessions did this NAS
 * have?" for Accounting-On/Off, and "which sessions does this gateway have?" for the reconciler. Updated by a
 * subscribing processor, in the transaction that records the events: a session is findable the
 * moment its Access-Accept leaves, and a NAS restart never misses one.
 *
 * <p>The sessions this process authorized are also kept in memory once their events are committed,
 * so that an Accounting Start or Stop, which names its session by Class, costs no query (two per
 * session were half of the store's time under churn). An entry leaves when its session closes or
 * changes endpoint here; one that another process closed may linger, which is harmless: what
 * accounting then sends is a command the closed session ignores. A miss asks the table.
 */
@ProcessingGroup(LiveSessions.PROCESSING_GROUP)
public class LiveSessions {

    public static final String PROCESSING_GROUP = "live-sessions";

    /** A session as accounting needs to see it; {@code peer} is its client's endpoint as last recorded ("addr[port]"). */
    public record Entry(SessionId id, Ipv4Address nasAddress, String nasIdentifier, AccountName account,
                        Ipv4Address address, String peer) {

        /** True when {@code p} is not the endpoint the session is known at (so a change is worth recording). */
        public boolean movedTo(PeerEndpoint p) {
            return !endpoint(p).equals(peer);
        }

        Entry at(Ipv4Address assigned) {
            return new Entry(id, nasAddress, nasIdentifier, account, assigned, peer);
        }
    }

    private static final String ENTRY_COLUMNS = "session_id, nas_address, nas_identifier, account, address, peer";

    /**
     * A session as strongSwan's side needs to see it: its IKE_SA unique id (0 when not known yet)
     * and whether the tunnel came up.
     */
    public record Tunnel(SessionId id, AccountName account, Ipv4Address address, long ikeUniqueId, boolean established,
                         Instant authorizedAt, String gateway) {
    }

    /** strongSwan's Acct-Session-Id is "<charon start time>-<IKE_SA unique id>". */
    private static final Pattern STRONGSWAN_ACCT_ID = Pattern.compile("\\d{1,20}-(\\d{1,19})");
    private static final String TUNNEL_COLUMNS = "session_id, account, address, ike_unique_id, established, authorized_at, gateway";

    /** Unit-of-work resource: the inserts of sessions authorized in it, by session id, not sent yet. */
    private static final String INSERTS = LiveSessions.class.getName() + ".inserts";
    /** Root unit-of-work resource: entries of sessions authorized in it, kept in memory once it commits. */
    private static final String AUTHORIZED = LiveSessions.class.getName() + ".authorized";
    /** More than a gateway holds open (a bound, not a size: closed sessions leave at once). */
    private static final int IN_MEMORY = 200_000;

    private static final String INSERTED = "session_id, nas_address, nas_identifier, acct_session_id, account, authorized_at, "
            + "gateway, ike_unique_id, established, last_seen, peer, address";
    private static final StatementBatch.Kind INSERT = new StatementBatch.Kind(
            "insert into swanledger_live_session (" + INSERTED + ") values (?, ?, ?, ?, ?, ?, ?, ?, false, ?, ?, ?)",
            "insert into swanledger_live_session (" + INSERTED + ") select " + INSERTED.replace("established", "false")
                    + " from unnest(?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::int8[], ?::text[], ?::int8[], "
                    + "?::int8[], ?::text[], ?::text[]) as u(" + INSERTED.replace("established, ", "") + ")",
            "text", "text", "text", "text", "text", "int8", "text", "int8", "int8", "text", "text");
    /**
     * strongSwan's IKE_SA id here is the one its Access-Request's Acct-Session-Id gave at the insert, so
     * the update changes no indexed column and PostgreSQL can write it in place (see migration V5).
     */
    private static final StatementBatch.Kind ESTABLISHED = new StatementBatch.Kind(
            "update swanledger_live_session set established = true, ike_unique_id = coalesce(?, ike_unique_id), "
                    + "last_seen = case when last_seen is null or last_seen < ? then ? else last_seen end where session_id = ?",
            "update swanledger_live_session l set established = true, ike_unique_id = coalesce(u.ike, l.ike_unique_id), "
                    + "last_seen = case when l.last_seen is null or l.last_seen < u.at then u.at2 else l.last_seen end "
                    + "from unnest(?::int8[], ?::int8[], ?::int8[], ?::text[]) as u(ike, at, at2, id) where l.session_id = u.id",
            "int8", "int8", "int8", "text");
    private static final StatementBatch.Kind ADDRESS = new StatementBatch.Kind(
            "update swanledger_live_session set address = ? where session_id = ?",
            "update swanledger_live_session l set address = u.address from unnest(?::text[], ?::text[]) as u(address, id) "
                    + "where l.session_id = u.id", "text", "text");
    private static final StatementBatch.Kind DELETE = new StatementBatch.Kind(
            "delete from swanledger_live_session where session_id = ?",
            "delete from swanledger_live_session where session_id = any(?::text[])", "text");

    private final JdbcTemplate jdbc;
    private final StatementBatch batch;
    /** Its upkeep on the writing thread (see {@code AggregateCache}). */
    private final Cache<String, Entry> open = Caffeine.newBuilder().maximumSize(IN_MEMORY).executor(Runnable::run).build();

    public LiveSessions(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
        this.batch = new StatementBatch(jdbc);
        // the table: db/migration (Flyway)
    }

    @EventHandler
    void on(SessionAuthorized e) {
        // A subscribing processor sees each event once, in its own transaction: no existence check.
        // The address follows in the same unit of work (AddressAssigned): it goes into this insert.
        StatementBatch.Statement insert = batch.addFor(e.sessionId(), INSERT, e.sessionId().value(), e.nas().address().toString(), e.nas().identifier(), e.acctSessionId(),
                e.account().value(), micros(e.at()), e.gateway().value(), ikeUniqueIdOf(e.acctSessionId()), micros(e.at()),
                endpoint(e.peer()), null);
        if (CurrentUnitOfWork.isStarted()) {
            CurrentUnitOfWork.get().getOrComputeResource(INSERTS, k -> new HashMap<String, StatementBatch.Statement>())
                    .put(e.sessionId().value(), insert);
        }
        keepOnCommit(new Entry(e.sessionId(), e.nas().address(), e.nas().identifier(), e.account(), null,
                endpoint(e.peer())));
    }

    private void keepOnCommit(Entry entry) {
        if (!CurrentUnitOfWork.isStarted()) {
            open.put(entry.id().value(), entry); // the insert has run already
            return;
        }
        var root = CurrentUnitOfWork.get().root();
        root.getOrComputeResource(AUTHORIZED, k -> {
            Map<String, Entry> authorized = new HashMap<>();
            root.afterCommit(u -> open.putAll(authorized));
            return authorized;
        }).put(entry.id().value(), entry);
    }

    /** The entries waiting for the current root unit of work to commit, or null if it has none. */
    private static Map<String, Entry> authorizedInThisUnitOfWork() {
        return CurrentUnitOfWork.isStarted() ? CurrentUnitOfWork.get().root().getResource(AUTHORIZED) : null;
    }

    static Long ikeUniqueIdOf(String acctSessionId) {
        if (acctSessionId == null) {
            return null;
        }
        var m = STRONGSWAN_ACCT_ID.matcher(acctSessionId);
        if (!m.matches()) {
            return null;
        }
        try {
            return Long.parseLong(m.group(1));
        } catch (NumberFormatException tooLarge) {
            return null;
        }
    }

    @EventHandler
    void on(SessionEstablished e) {
        long t = micros(e.at());
        batch.addFor(e.sessionId(), ESTABLISHED, e.ikeUniqueId() > 0 ? e.ikeUniqueId() : null, t, t, e.sessionId().value());
    }

    @EventHandler
    void on(IkeSaRekeyed e) {
        jdbc.update("update swanledger_live_session set ike_unique_id = ? where session_id = ?", e.ikeUniqueId(),
                e.sessionId().value());
        seen(e.sessionId(), e.at());
    }

    @EventHandler
    void on(SessionUsageRecorded e) {
        seen(e.sessionId(), e.at());
    }

    @EventHandler
    void on(ClientEndpointChanged e) {
        open.invalidate(e.sessionId().value());
        jdbc.update("update swanledger_live_session set peer = ? where session_id = ?", endpoint(e.current()),
                e.sessionId().value());
        seen(e.sessionId(), e.at());
    }

    static String endpoint(PeerEndpoint p) {
        return p == null ? null : p.address() + "[" + p.port() + "]";
    }

    /** The session showed a sign of life at {@code at} (never moves last-seen backwards). */
    public void seen(SessionId id, Instant at) {
        long t = micros(at);
        jdbc.update("update swanledger_live_session set last_seen = ? where session_id = ? and (last_seen is null or last_seen < ?)",
                t, id.value(), t);
    }

    /** The sessions showed a sign of life at {@code at}: one statement for a whole list of SAs. */
    public void seen(List<SessionId> ids, Instant at) {
        long t = micros(at);
        jdbc.batchUpdate("update swanledger_live_session set last_seen = ? where session_id = ? and (last_seen is null or last_seen < ?)",
                ids.stream().map(id -> new Object[] {t, id.value(), t}).toList());
    }

    /** An open, established session of a gateway and when it was last seen alive. */
    public record Silent(SessionId id, AccountName account, Ipv4Address address, Instant lastSeen) {
    }

    /** Established sessions of {@code gateway} last seen before {@code cutoff}, oldest first (at most {@code limit}). */
    public List<Silent> silentSince(GatewayId gateway, Instant cutoff, int limit) {
        return jdbc.query("select session_id, account, address, coalesce(last_seen, authorized_at) from swanledger_live_session "
                        + "where gateway = ? and established = true and coalesce(last_seen, authorized_at) < ? "
                        + "order by coalesce(last_seen, authorized_at) limit " + limit,
                (rs, n) -> silent(rs), gateway.value(), micros(cutoff));
    }

    /** Every open session of {@code gateway} with when it was last seen, oldest first. */
    public List<Silent> openWithLastSeen(GatewayId gateway) {
        return jdbc.query("select session_id, account, address, coalesce(last_seen, authorized_at) from swanledger_live_session "
                        + "where gateway = ? order by coalesce(last_seen, authorized_at)", (rs, n) -> silent(rs), gateway.value());
    }

    private static Silent silent(ResultSet rs) throws SQLException {
        String address = rs.getString(3);
        return new Silent(SessionId.of(rs.getString(1)), AccountName.of(rs.getString(2)),
                address == null ? null : Ipv4Address.parse(address), instant(rs.getLong(4)));
    }

    static Instant instant(long micros) {
        return Instant.ofEpochSecond(Math.floorDiv(micros, 1_000_000L), Math.floorMod(micros, 1_000_000L) * 1_000L);
    }

    @EventHandler
    void on(AddressAssigned e) {
        Map<String, StatementBatch.Statement> inserts = CurrentUnitOfWork.isStarted()
                ? CurrentUnitOfWork.get().getResource(INSERTS) : null;
        StatementBatch.Statement insert = inserts == null ? null : inserts.remove(e.sessionId().value());
        Map<String, Entry> authorized = authorizedInThisUnitOfWork();
        if (authorized == null || authorized.computeIfPresent(e.sessionId().value(), (k, v) -> v.at(e.address())) == null) {
            open.invalidate(e.sessionId().value());
        }
        if (insert != null && batch.pending(insert)) {
            insert.args()[insert.args().length - 1] = e.address().toString();
            return;
        }
        batch.addFor(e.sessionId(), ADDRESS, e.address().toString(), e.sessionId().value());
    }

    @EventHandler
    void on(SessionClosed e) {
        open.invalidate(e.sessionId().value());
        Map<String, Entry> authorized = authorizedInThisUnitOfWork();
        if (authorized != null) {
            authorized.remove(e.sessionId().value()); // authorized and closed in one group: nothing to keep
        }
        batch.addFor(e.sessionId(), DELETE, e.sessionId().value());
    }

    /** The session as kept in memory, without asking the table: for a caller that must not block. */
    public Optional<Entry> inMemory(SessionId id) {
        return Optional.ofNullable(open.getIfPresent(id.value()));
    }

    public Optional<Entry> byId(SessionId id) {
        Entry known = open.getIfPresent(id.value());
        if (known != null) {
            return Optional.of(known);
        }
        return jdbc.query("select " + ENTRY_COLUMNS + " from swanledger_live_session "
                + "where session_id = ?", (rs, n) -> entry(rs), id.value()).stream().findFirst();
    }

    public Optional<Entry> byAcctSessionId(Ipv4Address nas, String acctSessionId) {
        return jdbc.query("select " + ENTRY_COLUMNS + " from swanledger_live_session "
                        + "where nas_address = ? and acct_session_id = ?", (rs, n) -> entry(rs), nas.toString(), acctSessionId)
                .stream().findFirst();
    }

    public Optional<Entry> byAddressAndAccount(Ipv4Address address, AccountName account) {
        return jdbc.query("select " + ENTRY_COLUMNS + " from swanledger_live_session "
                        + "where address = ? and account = ?", (rs, n) -> entry(rs), address.toString(), account.value())
                .stream().findFirst();
    }

    /** The open sessions a NAS had authorized strictly before {@code before}. */
    public List<SessionId> openOf(Nas nas, Instant before) {
        String sql = "select session_id from swanledger_live_session where nas_address = ? and authorized_at < ?"
                + (nas.identifier() == null ? "" : " and (nas_identifier = ? or nas_identifier is null)");
        Object[] args = nas.identifier() == null ? new Object[] {nas.address().toString(), micros(before)}
                : new Object[] {nas.address().toString(), micros(before), nas.identifier()};
        return jdbc.query(sql, (rs, n) -> SessionId.of(rs.getString(1)), args);
    }

    /**
     * The open session of {@code gateway} whose IKE_SA has unique id {@code ikeUniqueId}; the newest if
     * several (a restarted charon counts from 1 again, and the previous incarnation's sessions stay
     * open until the reconciler has seen its list of SAs).
     */
    public Optional<Tunnel> byIkeSa(GatewayId gateway, long ikeUniqueId) {
        return jdbc.query("select " + TUNNEL_COLUMNS + " from swanledger_live_session where gateway = ? and ike_unique_id = ? "
                        + "order by authorized_at desc", (rs, n) -> tunnel(rs), gateway.value(), ikeUniqueId).stream().findFirst();
    }

    public Optional<Tunnel> tunnelOf(SessionId id) {
        return jdbc.query("select " + TUNNEL_COLUMNS + " from swanledger_live_session where session_id = ?",
                (rs, n) -> tunnel(rs), id.value()).stream().findFirst();
    }

    /** Every open session of {@code gateway}, for comparison with strongSwan's list of SAs. */
    public List<Tunnel> tunnelsOf(GatewayId gateway) {
        return jdbc.query("select " + TUNNEL_COLUMNS + " from swanledger_live_session where gateway = ?",
                (rs, n) -> tunnel(rs), gateway.value());
    }

    /** How many sessions of {@code gateway} are open. */
    public long openCount(GatewayId gateway) {
        Long n = jdbc.queryForObject("select count(*) from swanledger_live_session where gateway = ?", Long.class,
                gateway.value());
        return n == null ? 0 : n;
    }

    private static Tunnel tunnel(ResultSet rs) throws SQLException {
        String address = rs.getString(3);
        long micros = rs.getLong(6);
        return new Tunnel(SessionId.of(rs.getString(1)), AccountName.of(rs.getString(2)),
                address == null ? null : Ipv4Address.parse(address), rs.getLong(4), rs.getBoolean(5),
                Instant.ofEpochSecond(micros / 1_000_000L, (micros % 1_000_000L) * 1_000L), rs.getString(7));
    }

    public long count() {
        Long n = jdbc.queryForObject("select count(*) from swanledger_live_session", Long.class);
        return n == null ? 0 : n;
    }

    private static Entry entry(ResultSet rs) throws SQLException {
        String address = rs.getString(5);
        return new Entry(SessionId.of(rs.getString(1)), Ipv4Address.parse(rs.getString(2)), rs.getString(3),
                AccountName.of(rs.getString(4)), address == null ? null : Ipv4Address.parse(address), rs.getString(6));
    }

    static long micros(Instant t) {
        return t.getEpochSecond() * 1_000_000L + t.getNano() / 1_000;
    }
}
