package io.swanledger.pool;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;

import com.fasterxml.jackson.annotation.JsonAutoDetect;
import com.fasterxml.jackson.annotation.JsonAutoDetect.Visibility;
import it.unimi.dsi.fastutil.ints.Int2ObjectLinkedOpenHashMap;
import it.unimi.dsi.fastutil.ints.Int2ObjectOpenHashMap;
import it.unimi.dsi.fastutil.ints.IntOpenHashSet;
import it.unimi.dsi.fastutil.objects.Object2ObjectOpenHashMap;
import io.swanledger.api.CommandRejectedException;
import io.swanledger.api.identity.AccountName;
import io.swanledger.api.identity.PoolId;
import io.swanledger.api.net.CidrPrefix;
import io.swanledger.api.net.Ipv4Address;
import io.swanledger.api.net.Ipv4Range;
import io.swanledger.api.pool.AddressAllocated;
import io.swanledger.api.pool.AddressAllocated.Choice;
import io.swanledger.api.pool.AddressAllocationRefused;
import io.swanledger.api.pool.AddressReleased;
import io.swanledger.api.pool.AddressReserved;
import io.swanledger.api.pool.AddressUnreserved;
import io.swanledger.api.pool.AllocateAddress;
import io.swanledger.api.pool.CountAddresses;
import io.swanledger.api.pool.DefinePool;
import io.swanledger.api.pool.PoolChanges;
import io.swanledger.api.pool.PoolDefined;
import io.swanledger.api.pool.PoolReconfigured;
import io.swanledger.api.pool.ReconfigurePool;
import io.swanledger.api.pool.ReleaseAddress;
import io.swanledger.api.pool.ReserveAddress;
import io.swanledger.api.pool.UnreserveAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateIdentifier;

/**
 * A client address pool. Invariants: an address is held by at most one live session; the network,
 * broadcast and reserved addresses are never handed out; only the holder releases; when nothing can
 * be given the refusal is an event. Choice order: the address asked for, the account's last address
 * (sticky), then the least recently released one — so an address rests as long as possible before it
 * goes to someone else, which keeps "who held X at T" answers clear.
 *
 * <p>State is kept as plain maps keyed by the address bits so that a snapshot (Jackson, field by
 * field) is small and loading stays bounded by the pool size, not by its history.
 */
@JsonAutoDetect(fieldVisibility = Visibility.ANY, getterVisibility = Visibility.NONE, isGetterVisibility = Visibility.NONE)
public class AddressPool {

    /** Who holds an address. */
    record Holder(String session, String account) {
    }

    /** A free address and who last held it (both null if nobody has yet). */
    record Rest(String lastSession, String lastAccount, Instant releasedAt) {
    }

    @AggregateIdentifier
    private PoolId poolId;
    private CidrPrefix network;
    private List<Ipv4Range> ranges;
    private Duration quarantine;
    // fastutil's open-addressing maps: no entry objects, and a copy is a few array copies (java.util's
    // maps took 27–54 ms to copy for a snapshot of a /16 pool under load, on the committing thread)
    private IntOpenHashSet reserved = new IntOpenHashSet();
    private Int2ObjectOpenHashMap<Holder> held = new Int2ObjectOpenHashMap<>();
    /** Free addresses, least recently released first (iteration order is the allocation order). */
    private Int2ObjectLinkedOpenHashMap<Rest> free = new Int2ObjectLinkedOpenHashMap<>();
    private Object2ObjectOpenHashMap<String, Integer> addressOfSession = new Object2ObjectOpenHashMap<>();
    /** account → the free address it released last (sticky candidates only). */
    private Object2ObjectOpenHashMap<String, Integer> lastAddressOf = new Object2ObjectOpenHashMap<>();

    AddressPool() {
        // for Axon and Jackson
    }

    /**
     * The pool as it is now, sharing nothing that changes: a snapshot is written from this copy on
     * another thread while the pool goes on. Its maps' values are immutable records.
     */
    public AddressPool copy() {
        AddressPool c = new AddressPool();
        c.poolId = poolId;
        c.network = network;
        c.ranges = ranges;
        c.quarantine = quarantine;
        c.reserved = reserved.clone();
        c.held = held.clone();
        c.free = free.clone();
        c.addressOfSession = addressOfSession.clone();
        c.lastAddressOf = lastAddressOf.clone();
        return c;
    }

    @CommandHandler
    public AddressPool(DefinePool cmd) {
        List<Ipv4Range> sorted = checkedRanges(cmd.poolId(), cmd.network(), cmd.ranges());
        for (Ipv4Address a : cmd.reserved()) {
            if (!cmd.network().contains(a)) {
                throw new CommandRejectedException("pool " + cmd.poolId() + ": reserved address " + a + " is outside " + cmd.network());
            }
        }
        apply(new PoolDefined(cmd.poolId(), cmd.network(), sorted, cmd.reserved(), cmd.quarantine(), cmd.requestedBy(), cmd.at()));
    }

    /** Sorted; each inside the network; no overlaps; at most {@link Ipv4Range#MAX_SIZE} addresses in all. */
    private static List<Ipv4Range> checkedRanges(PoolId poolId, CidrPrefix network, List<Ipv4Range> ranges) {
        List<Ipv4Range> sorted = new ArrayList<>(ranges);
        sorted.sort(Comparator.comparing(Ipv4Range::first));
        long total = 0;
        for (int i = 0; i < sorted.size(); i++) {
            Ipv4Range r = sorted.get(i);
            if (!network.contains(r)) {
                throw new CommandRejectedException("pool " + poolId + ": range " + r + " is outside " + network);
            }
            if (i > 0 && sorted.get(i - 1).overlaps(r)) {
                throw new CommandRejectedException("pool " + poolId + ": ranges " + sorted.get(i - 1) + " and " + r + " overlap");
            }
            total += r.size();
        }
        if (total > Ipv4Range.MAX_SIZE) {
            throw new CommandRejectedException("pool " + poolId + ": " + total + " addresses, at most " + Ipv4Range.MAX_SIZE + " allowed");
        }
        return sorted;
    }

    /**
     * Brings the pool in line with its configuration. Ranges and quarantine first, then reservations;
     * nothing is taken from a live session: an address it holds that leaves the pool goes when released.
     */
    @CommandHandler
    public PoolChanges handle(ReconfigurePool cmd) {
        if (!cmd.network().equals(network)) {
            throw new CommandRejectedException("pool " + poolId + ": its network is " + network + " and cannot become "
                    + cmd.network() + "; define a pool with another id for a new network");
        }
        List<Ipv4Range> sorted = checkedRanges(poolId, network, cmd.ranges());
        for (Ipv4Address a : cmd.reserved()) {
            if (!network.contains(a)) {
                throw new CommandRejectedException("pool " + poolId + ": reserved address " + a + " is outside " + network);
            }
        }
        List<Ipv4Range> before = ranges;
        boolean quarantineChanged = !cmd.quarantine().equals(quarantine);
        if (!sorted.equals(ranges) || quarantineChanged) {
            apply(new PoolReconfigured(poolId, before, sorted, cmd.quarantine(), cmd.requestedBy(), cmd.at()));
        }
        Set<Integer> wanted = new HashSet<>();
        cmd.reserved().forEach(a -> wanted.add(a.bits()));
        List<Ipv4Address> newlyReserved = new ArrayList<>();
        for (Ipv4Address a : cmd.reserved().stream().sorted().toList()) {
            if (!reserved.contains(a.bits())) {
                apply(new AddressReserved(poolId, a, "pool configuration", cmd.requestedBy(), cmd.at()));
                newlyReserved.add(a);
            }
        }
        List<Ipv4Address> unreserved = new ArrayList<>();
        for (Integer bits : reserved.stream().sorted(Comparator.comparingLong(b -> b & 0xffffffffL)).toList()) {
            if (!wanted.contains(bits)) {
                apply(new AddressUnreserved(poolId, new Ipv4Address(bits), cmd.requestedBy(), cmd.at()));
                unreserved.add(new Ipv4Address(bits));
            }
        }
        List<Ipv4Address> leaving = held.keySet().stream().filter(a -> !allocatable(a))
                .sorted(Comparator.comparingLong(b -> b & 0xffffffffL)).map(Ipv4Address::new).toList();
        return new PoolChanges(before, sorted, newlyReserved, unreserved, leaving, quarantineChanged);
    }

    /**
     * Returns the address now held by the session, or null when the pool refused (the refusal is
     * recorded). Asking again for a session that already holds an address returns that address and
     * records nothing, so retried requests never take a second address.
     */
    @CommandHandler
    public Ipv4Address handle(AllocateAddress cmd) {
        Integer already = addressOfSession.get(cmd.sessionId().value());
        if (already != null) {
            return new Ipv4Address(already);
        }
        String account = cmd.account().value();
        if (cmd.preferred() != null) {
            int p = cmd.preferred().bits();
            requireAllocatable(cmd.preferred(), "requested");
            if (free.containsKey(p) && availableTo(p, account, cmd.at())) {
                return allocate(cmd, p, Choice.PREFERRED);
            }
        }
        Integer sticky = lastAddressOf.get(account);
        if (sticky != null && free.containsKey(sticky)) {
            return allocate(cmd, sticky, Choice.STICKY);
        }
        Iterator<Integer> it = free.keySet().iterator();
        if (!it.hasNext()) {
            apply(new AddressAllocationRefused(poolId, cmd.sessionId(), cmd.account(),
                    AddressAllocationRefused.Reason.EXHAUSTED, held.size(), 0, cmd.gateway(), cmd.at()));
            return null;
        }
        int oldest = it.next();
        // Free addresses are ordered by release time: if the oldest still rests, all do.
        if (!availableTo(oldest, account, cmd.at())) {
            apply(new AddressAllocationRefused(poolId, cmd.sessionId(), cmd.account(),
                    AddressAllocationRefused.Reason.ALL_FREE_ADDRESSES_IN_QUARANTINE, held.size(), free.size(),
                    cmd.gateway(), cmd.at()));
            return null;
        }
        return allocate(cmd, oldest, Choice.LEAST_RECENTLY_RELEASED);
    }

    private Ipv4Address allocate(AllocateAddress cmd, int address, Choice choice) {
        Ipv4Address a = new Ipv4Address(address);
        apply(new AddressAllocated(poolId, a, cmd.sessionId(), cmd.account(), choice, cmd.gateway(), cmd.at()));
        return a;
    }

    /** Quarantine keeps a released address from other accounts for a while; its last holder may take it back. */
    @CommandHandler
    public CountAddresses.AddressCounts handle(CountAddresses cmd) {
        int resting = 0;
        for (Rest r : free.values()) {
            if (r.releasedAt() != null && r.releasedAt().plus(quarantine).isAfter(cmd.at())) {
                resting++;
            }
        }
        return new CountAddresses.AddressCounts(free.size() - resting, held.size(), resting);
    }

    /**
     * Without quarantine every free address is available, whatever the times: a request retried after
     * conflicts keeps its first time, and every free address may have been released since (two gateways
     * on a small pool turned all of it over within a retry's back-off, and the request was refused as if
     * the addresses rested).
     */
    private boolean availableTo(int address, String account, Instant at) {
        Rest rest = free.get(address);
        return quarantine.isZero() || rest.releasedAt() == null || account.equals(rest.lastAccount())
                || !rest.releasedAt().plus(quarantine).isAfter(at);
    }

    @CommandHandler
    public void handle(ReleaseAddress cmd) {
        int a = cmd.address().bits();
        Holder h = held.get(a);
        if (h != null && h.session().equals(cmd.sessionId().value())) {
            apply(new AddressReleased(poolId, cmd.address(), cmd.sessionId(), AccountName.of(h.account()),
                    cmd.gateway(), cmd.at()));
            return;
        }
        Rest rest = free.get(a);
        if (rest != null && cmd.sessionId().value().equals(rest.lastSession())) {
            return; // released already by this very session: a repeated release changes nothing
        }
        requireAllocatable(cmd.address(), "released");
        throw new CommandRejectedException("pool " + poolId + ": session " + cmd.sessionId() + " does not hold "
                + cmd.address() + (h == null ? " (the address is free)" : " (another session holds it)"));
    }

    @CommandHandler
    public void handle(ReserveAddress cmd) {
        int a = cmd.address().bits();
        if (!network.contains(cmd.address())) {
            throw new CommandRejectedException("pool " + poolId + ": " + cmd.address() + " is outside " + network);
        }
        if (held.containsKey(a)) {
            throw new CommandRejectedException("pool " + poolId + ": " + cmd.address()
                    + " is held by a live session; reserve it once the session has ended");
        }
        if (!reserved.contains(a)) {
            apply(new AddressReserved(poolId, cmd.address(), cmd.reason(), cmd.requestedBy(), cmd.at()));
        }
    }

    @CommandHandler
    public void handle(UnreserveAddress cmd) {
        if (reserved.contains(cmd.address().bits())) {
            apply(new AddressUnreserved(poolId, cmd.address(), cmd.requestedBy(), cmd.at()));
        }
    }

    private void requireAllocatable(Ipv4Address a, String what) {
        int bits = a.bits();
        if (!inRanges(a)) {
            throw new CommandRejectedException("pool " + poolId + ": " + what + " address " + a + " is not in the pool's ranges " + ranges);
        }
        if (bits == network.network().bits() || bits == network.broadcast().bits()) {
            throw new CommandRejectedException("pool " + poolId + ": " + what + " address " + a + " is the network or broadcast address of " + network);
        }
        if (reserved.contains(bits)) {
            throw new CommandRejectedException("pool " + poolId + ": " + what + " address " + a + " is reserved and never handed out");
        }
    }

    private boolean inRanges(Ipv4Address a) {
        for (Ipv4Range r : ranges) {
            if (r.contains(a)) {
                return true;
            }
        }
        return false;
    }

    private boolean allocatable(int bits) {
        return inRanges(new Ipv4Address(bits)) && bits != network.network().bits()
                && bits != network.broadcast().bits() && !reserved.contains(bits);
    }

    @EventSourcingHandler
    void on(PoolDefined e) {
        poolId = e.poolId();
        network = e.network();
        ranges = List.copyOf(e.ranges());
        quarantine = e.quarantine();
        e.reserved().forEach(a -> reserved.add(a.bits()));
        for (Ipv4Range r : ranges) {
            for (long v = r.first().unsigned(); v <= r.last().unsigned(); v++) {
                if (allocatable((int) v)) {
                    free.put((int) v, new Rest(null, null, null));
                }
            }
        }
    }

    @EventSourcingHandler
    void on(PoolReconfigured e) {
        ranges = List.copyOf(e.ranges());
        quarantine = e.quarantine();
        free.keySet().removeIf(a -> !allocatable(a));
        for (Ipv4Range r : ranges) {
            for (long v = r.first().unsigned(); v <= r.last().unsigned(); v++) {
                int a = (int) v;
                if (allocatable(a) && !free.containsKey(a) && !held.containsKey(a)) {
                    free.put(a, new Rest(null, null, null));
                }
            }
        }
    }

    @EventSourcingHandler
    void on(AddressAllocated e) {
        int a = e.address().bits();
        forgetRest(a);
        lastAddressOf.remove(e.account().value());
        held.put(a, new Holder(e.sessionId().value(), e.account().value()));
        addressOfSession.put(e.sessionId().value(), a);
    }

    @EventSourcingHandler
    void on(AddressReleased e) {
        int a = e.address().bits();
        Holder h = held.remove(a);
        addressOfSession.remove(e.sessionId().value());
        if (!allocatable(a)) {
            return; // it left the pool while held (a shrunk range, a reservation): it goes now
        }
        free.put(a, new Rest(e.sessionId().value(), h.account(), e.at()));
        lastAddressOf.put(h.account(), a);
    }

    @EventSourcingHandler
    void on(AddressReserved e) {
        forgetRest(e.address().bits());
        reserved.add(e.address().bits());
    }


    @EventSourcingHandler
    void on(AddressUnreserved e) {
        reserved.remove(e.address().bits());
        if (allocatable(e.address().bits())) {
            free.put(e.address().bits(), new Rest(null, null, null));
        }
    }

    private void forgetRest(int address) {
        Rest rest = free.remove(address);
        if (rest != null && rest.lastAccount() != null && Integer.valueOf(address).equals(lastAddressOf.get(rest.lastAccount()))) {
            lastAddressOf.remove(rest.lastAccount());
        }
    }

    // Read-only views for tests and the authorizer.

    int heldCount() {
        return held.size();
    }

    int freeCount() {
        return free.size();
    }

    Ipv4Address addressOf(String sessionId) {
        Integer a = addressOfSession.get(sessionId);
        return a == null ? null : new Ipv4Address(a);
    }
}
