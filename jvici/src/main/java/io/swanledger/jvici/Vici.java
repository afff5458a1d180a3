package io.swanledger.jvici;

import java.time.Duration;
import java.util.List;

/**
 * The VICI commands swanledger needs, typed. Everything else is one {@link ViciClient#request} away.
 * Commands whose response has {@code success=no} throw {@link ViciCommandException} with charon's
 * {@code errmsg}.
 */
public final class Vici {

    /** charon's {@code version} answer. */
    public record Version(String daemon, String version, String sysname, String release, String machine) {
    }

    /** What to terminate: an IKE or CHILD SA, by configuration name or unique id. */
    public record Target(String ike, Long ikeId, String child, Long childId) {

        public static Target ike(String name) {
            return new Target(name, null, null, null);
        }

        public static Target ikeId(long id) {
            return new Target(null, id, null, null);
        }

        public static Target child(String name) {
            return new Target(null, null, name, null);
        }

        public static Target childId(long id) {
            return new Target(null, null, null, id);
        }

        void into(ViciMessage.Builder b) {
            if (ike != null) {
                b.put("ike", ike);
            }
            if (ikeId != null) {
                b.put("ike-id", ikeId);
            }
            if (child != null) {
                b.put("child", child);
            }
            if (childId != null) {
                b.put("child-id", childId);
            }
        }
    }

    private final ViciClient client;

    public Vici(ViciClient client) {
        this.client = client;
    }

    public ViciClient client() {
        return client;
    }

    public Version version() throws ViciException {
        ViciMessage m = client.request("version", ViciMessage.EMPTY);
        return new Version(m.optString("daemon").orElse(""), m.optString("version").orElse(""),
                m.optString("sysname").orElse(""), m.optString("release").orElse(""), m.optString("machine").orElse(""));
    }

    /** charon's {@code stats}: uptime, worker and queue figures, IKE_SA counts (raw, it is deeply nested). */
    public ViciMessage stats() throws ViciException {
        return client.request("stats", ViciMessage.EMPTY);
    }

    /** All IKE_SAs (streamed as list-sa events). */
    public List<IkeSa> listSas() throws ViciException {
        return listSas(ViciMessage.EMPTY);
    }

    /** IKE_SAs matching a filter ({@code ike}, {@code ike-id}, {@code noblock}). */
    public List<IkeSa> listSas(ViciMessage filter) throws ViciException {
        List<ViciMessage> events = client.streamedRequest("list-sas", "list-sa", filter);
        return events.stream().flatMap(e -> IkeSa.allIn(e).stream()).toList();
    }

    /** Loaded connections (streamed as list-conn events), each a section keyed by connection name. */
    public List<ViciMessage> listConns() throws ViciException {
        return client.streamedRequest("list-conns", "list-conn", ViciMessage.EMPTY);
    }

    /** Names of the loaded connections. */
    public List<String> connectionNames() throws ViciException {
        return client.request("get-conns", ViciMessage.EMPTY).strings("conns");
    }

    public void loadConn(String name, ViciMessage connection) throws ViciException {
        checked("load-conn", client.request("load-conn", ViciMessage.builder().section(name, connection).build()));
    }

    public void unloadConn(String name) throws ViciException {
        checked("unload-conn", client.request("unload-conn", ViciMessage.builder().put("name", name).build()));
    }

    /**
     * Terminates an SA. With a timeout charon waits (up to it) for the deletion to complete; with
     * {@code force} it deletes without waiting for the peer.
     */
    public ViciMessage terminate(Target target, Duration timeout, boolean force) throws ViciException {
        ViciMessage.Builder b = ViciMessage.builder();
        target.into(b);
        if (timeout != null) {
            b.put("timeout", timeout.toMillis());
        }
        if (force) {
            b.put("force", true);
        }
        return checked("terminate", client.request("terminate", b.build()));
    }

    /** Initiates a CHILD_SA (and its IKE_SA) of a loaded connection. */
    public ViciMessage initiate(String child, String ike, Duration timeout) throws ViciException {
        ViciMessage.Builder b = ViciMessage.builder().put("child", child);
        if (ike != null) {
            b.put("ike", ike);
        }
        if (timeout != null) {
            b.put("timeout", timeout.toMillis());
        }
        return checked("initiate", client.request("initiate", b.build()));
    }

    /** Virtual IP pools with their usage ({@code leases} for details). */
    public ViciMessage getPools(boolean leases) throws ViciException {
        return client.request("get-pools", leases ? ViciMessage.builder().put("leases", true).build() : ViciMessage.EMPTY);
    }

    public void reloadSettings() throws ViciException {
        checked("reload-settings", client.request("reload-settings", ViciMessage.EMPTY));
    }

    static ViciMessage checked(String command, ViciMessage response) throws ViciCommandException {
        if (!response.optBoolean("success").orElse(false)) {
            throw new ViciCommandException(command + " failed: " + response.optString("errmsg").orElse("(no errmsg)"), response);
        }
        return response;
    }
}
