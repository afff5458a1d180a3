package io.swanledger.audit;

import io.swanledger.api.identity.AccountName;
import io.swanledger.api.identity.AuthMethod;
import io.swanledger.api.identity.GatewayId;
import io.swanledger.api.identity.Identity;
import io.swanledger.api.identity.Nas;
import io.swanledger.api.identity.PoolId;
import io.swanledger.api.identity.SessionId;
import io.swanledger.api.identity.VlanNumber;
import io.swanledger.api.net.CidrPrefix;
import io.swanledger.api.net.Ipv4Address;
import io.swanledger.api.net.PeerEndpoint;
import io.swanledger.api.pool.AddressAllocated;
import io.swanledger.api.pool.AddressReleased;
import io.swanledger.api.session.AddressAssigned;
import io.swanledger.api.session.AuthenticationRejected;
import io.swanledger.api.session.CloseReason;
import io.swanledger.api.session.RecordAuthenticationRejection;
import io.swanledger.api.session.SessionAuthorized;
import io.swanledger.api.session.SessionClosed;
import io.swanledger.api.session.SessionEstablished;
import io.swanledger.api.session.Usage;
import io.swanledger.api.session.VlanRouteDenied;
import io.swanledger.api.session.VlanRouteGranted;
import io.swanledger.api.vlan.AccessPair;
import io.swanledger.api.vlan.LabVlan;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.PriorityQueue;
import java.util.Random;
import java.util.UUID;

/**
 * A deterministic year of the campus VPN, as the command side would record it: about
 * {@code sessionsPerYear} connections with a daily rhythm (busy 9–18 h JST, quiet at night) and a
 * weekly one (weekends at 40 %), a quiet summer and New Year, ~10 % lab-VLAN logins (one in ten of
 * them for a pair that is not listed), ~3 % failed logins, and a pool of 2,000 addresses from which one
 * login in five gets the address released last — reused within minutes. Events come out in time order, each with its aggregate and sequence.
 */
final class SimulatedYear {

    /** One generated event: the aggregate it belongs to (null for AuthenticationRejected) and its sequence. */
    record Generated(String aggregateType, String aggregateId, long sequence, Object payload, Instant at) {
    }

    private static final PoolId POOL = PoolId.of("clients");
    private static final GatewayId[] GATEWAYS = {GatewayId.of("vpn1"), GatewayId.of("vpn2")};
    private static final int ACCOUNTS = 40_000;
    private static final int VLANS = 300;

    private final Random random;
    private final int year;
    private final double perDay;
    private final int days;
    private final ArrayDeque<long[]> free = new ArrayDeque<>(); // {address bits, released at epoch ms}
    private final PriorityQueue<Ending> endings = new PriorityQueue<>((a, b) -> Long.compare(a.at, b.at));
    private final List<Generated> out = new ArrayList<>();
    private long poolSequence;
    private int day;
    private long sessions;

    private record Ending(long at, SessionId id, AccountName account, Ipv4Address address, VlanNumber vlan,
                          GatewayId gateway, long seq) {
    }

    SimulatedYear(long seed, int year, long sessionsPerYear, int days) {
        this.random = new Random(seed);
        this.year = year;
        this.days = days;
        this.perDay = sessionsPerYear / 365.0;
        int first = Ipv4Address.parse("10.1.0.10").bits();
        for (int i = 0; i < 2_000; i++) {
            free.add(new long[] {first + i, 0});
        }
    }

    long sessions() {
        return sessions;
    }

    /** The next day's events in time order, or an empty list when the simulated days are over. */
    List<Generated> nextDay() {
        out.clear();
        if (day >= days) {
            while (!endings.isEmpty()) {
                end(endings.poll());
            }
            return List.copyOf(out);
        }
        LocalDate date = LocalDate.of(year, 1, 1).plusDays(day++);
        double factor = (date.getDayOfWeek() == DayOfWeek.SATURDAY || date.getDayOfWeek() == DayOfWeek.SUNDAY) ? 0.4 : 1.18;
        int month = date.getMonthValue();
        if (month == 8 || (month == 1 && date.getDayOfMonth() <= 4) || (month == 12 && date.getDayOfMonth() >= 28)) {
            factor *= 0.5;
        }
        int n = (int) Math.round(perDay * factor * (0.9 + 0.2 * random.nextDouble()));
        long dayStart = date.atStartOfDay().toInstant(ZoneOffset.UTC).toEpochMilli() - 9 * 3_600_000L; // JST midnight
        long[] starts = new long[n];
        for (int i = 0; i < n; i++) {
            starts[i] = dayStart + hourOfDay() * 3_600_000L + random.nextInt(3_600_000);
        }
        java.util.Arrays.sort(starts);
        for (long start : starts) {
            while (!endings.isEmpty() && endings.peek().at <= start) {
                end(endings.poll());
            }
            login(start);
        }
        return List.copyOf(out);
    }

    /** Logins per hour, JST: quiet at night, busy in working hours. */
    private int hourOfDay() {
        double[] weight = {1, 0.6, 0.4, 0.3, 0.3, 0.5, 1, 2, 4, 7, 8, 8, 7, 8, 8, 8, 7, 6, 5, 4, 4, 3, 2, 1.5};
        double total = 0;
        for (double w : weight) {
            total += w;
        }
        double x = random.nextDouble() * total;
        for (int h = 0; h < 24; h++) {
            x -= weight[h];
            if (x < 0) {
                return h;
            }
        }
        return 23;
    }

    private void login(long start) {
        Instant at = Instant.ofEpochMilli(start);
        int a = (int) Math.min(ACCOUNTS - 1, Math.abs(random.nextGaussian()) * ACCOUNTS / 2.5);
        AccountName account = AccountName.of("u" + a);
        GatewayId gw = GATEWAYS[random.nextInt(GATEWAYS.length)];
        PeerEndpoint peer = new PeerEndpoint("198.51." + random.nextInt(100) + "." + (1 + random.nextInt(250)), 4500);
        Nas nas = new Nas(Ipv4Address.parse(gw.value().equals("vpn1") ? "192.0.2.1" : "192.0.2.2"), gw.value());
        VlanNumber vlan = random.nextInt(10) == 0 ? VlanNumber.parse(String.valueOf(100_000 + (a % VLANS))) : null;
        Identity requested = new Identity(account, vlan);
        if (random.nextInt(100) < 3) {
            out.add(new Generated(null, null, 0, new AuthenticationRejected(account, null, peer, nas,
                    RecordAuthenticationRejection.Reason.UPSTREAM_REJECT, "wrong password", null, null, gw, at), at));
            return;
        }
        // mostly the least recently released address; one in five the most recently released (reuse within minutes)
        long[] slot = random.nextInt(5) == 0 ? free.pollLast() : free.pollFirst();
        if (slot == null) {
            return; // pool exhausted at this instant: the command side would refuse it
        }
        sessions++;
        Ipv4Address address = new Ipv4Address((int) slot[0]);
        SessionId id = new SessionId(new UUID(year, sessions).toString());
        String sid = id.value();
        out.add(new Generated("AddressPool", POOL.value(), poolSequence++, new AddressAllocated(POOL, address, id, account,
                AddressAllocated.Choice.LEAST_RECENTLY_RELEASED, gw, at), at));
        out.add(new Generated("VpnSession", sid, 0, new SessionAuthorized(id, POOL, requested, account, AuthMethod.EAP_MSCHAPV2,
                null, null, peer, nas, start / 1000 + "-" + sessions, gw, at), at));
        out.add(new Generated("VpnSession", sid, 1, new AddressAssigned(id, POOL, address, account, gw, at), at));
        long seq = 2;
        VlanNumber routed = null;
        if (vlan != null) {
            if (random.nextInt(10) > 0) {
                routed = vlan;
                LabVlan lab = new LabVlan(vlan, "ens3." + (a % VLANS), CidrPrefix.parse("10.200." + (a % VLANS % 250) + ".0/24"),
                        Ipv4Address.parse("10.200." + (a % VLANS % 250) + ".254"),
                        Ipv4Address.parse("10.200." + (a % VLANS % 250) + ".253"), 1000 + a % VLANS);
                out.add(new Generated("VpnSession", sid, seq++, new VlanRouteGranted(id, account, new AccessPair(account, vlan),
                        lab, address, gw, at), at));
            } else {
                out.add(new Generated("VpnSession", sid, seq++, new VlanRouteDenied(id, requested, account, vlan,
                        VlanRouteDenied.Reason.PAIR_NOT_LISTED, gw, at), at));
            }
        }
        Instant up = at.plusMillis(300 + random.nextInt(700));
        out.add(new Generated("VpnSession", sid, seq++, new SessionEstablished(id, "radius-accounting", sessions, gw, up), up));
        long minutes = Math.max(1, Math.min(12 * 60, Math.round(Math.exp(3.6 + 1.1 * random.nextGaussian()))));
        endings.add(new Ending(start + minutes * 60_000L + random.nextInt(60_000), id, account, address, routed, gw, seq));
    }

    private void end(Ending e) {
        Instant at = Instant.ofEpochMilli(e.at);
        long bytes = (long) (Math.exp(15 + 2 * random.nextGaussian()));
        Usage usage = new Usage(bytes / 4, bytes, bytes / 4 / 600, bytes / 900);
        out.add(new Generated("VpnSession", e.id.value(), e.seq, new SessionClosed(e.id, e.account, CloseReason.DISCONNECTED,
                "User-Request", null, POOL, e.address, e.vlan, true, usage, e.gateway, at), at));
        out.add(new Generated("AddressPool", POOL.value(), poolSequence++, new AddressReleased(POOL, e.address, e.id, e.account,
                e.gateway, at), at));
        free.add(new long[] {e.address.bits(), e.at});
    }

}
