package io.swanledger.vici;

import io.swanledger.jvici.IkeSa;
import io.swanledger.jvici.ViciMessage;
import java.util.function.Consumer;

/** IKE_SA sections as charon 5.9 writes them in events and list-sas (see ../shared/lab/RECIPE.md §9). */
final class ViciEvents {

    private ViciEvents() {
    }

    static ViciMessage sa(long uniqueId, String state, String remoteId, String vip, long establishedSeconds) {
        return sa(uniqueId, state, remoteId, vip, establishedSeconds, b -> { });
    }

    static ViciMessage sa(long uniqueId, String state, String remoteId, String vip, long establishedSeconds,
                          Consumer<ViciMessage.Builder> more) {
        ViciMessage.Builder b = ViciMessage.builder().put("uniqueid", uniqueId).put("version", 2).put("state", state)
                .put("local-host", "198.18.1.1").put("local-port", 4500).put("remote-host", "198.18.1.2")
                .put("remote-port", 4500).put("remote-id", remoteId);
        if (establishedSeconds >= 0) {
            b.put("established", establishedSeconds);
        }
        if (vip != null) {
            b.list("remote-vips", vip);
        }
        more.accept(b);
        return b.build();
    }

    static IkeSa ikeSa(long uniqueId, String state, String remoteId, String vip, long establishedSeconds) {
        return IkeSa.of("rw", sa(uniqueId, state, remoteId, vip, establishedSeconds));
    }

    static ViciMessage updown(boolean up, ViciMessage sa) {
        ViciMessage.Builder b = ViciMessage.builder();
        if (up) {
            b.put("up", "yes");
        }
        return b.section("rw", sa).build();
    }

    /** ike-update: the new endpoints as top-level keys, the SA (with its old ones) as its section. */
    static ViciMessage update(String remoteHost, int remotePort, ViciMessage sa) {
        return ViciMessage.builder().put("local-host", "198.18.1.1").put("local-port", 4500)
                .put("remote-host", remoteHost).put("remote-port", remotePort).section("rw", sa).build();
    }

    static ViciMessage rekey(ViciMessage old, ViciMessage fresh) {
        return ViciMessage.builder().section("rw", c -> c.section("old", old).section("new", fresh)).build();
    }
}
