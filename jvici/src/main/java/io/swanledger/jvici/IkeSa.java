package io.swanledger.jvici;

import java.util.List;

/**
 * One IKE_SA as charon reports it in {@code list-sa} and {@code ike-updown}/{@code ike-rekey} events.
 * {@code remoteEapId} is set only when the EAP identity differs from the IKE identity (charon omits
 * it otherwise); {@code raw} keeps everything else charon said.
 */
public record IkeSa(String name, long uniqueId, String state, String remoteHost, int remotePort, String remoteId,
                    String remoteEapId, List<String> remoteVips, List<ChildSa> children, ViciMessage raw) {

    /** A CHILD_SA with its traffic counters. */
    public record ChildSa(String name, long uniqueId, String state, long bytesIn, long bytesOut, long packetsIn,
                          long packetsOut) {

        /** {@code key} is the section's key (name-uniqueid); the configured name is inside. */
        static ChildSa of(String key, ViciMessage m) {
            return new ChildSa(m.optString("name").orElse(key), m.optLong("uniqueid").orElse(0L), m.optString("state").orElse(""),
                    m.optLong("bytes-in").orElse(0L), m.optLong("bytes-out").orElse(0L),
                    m.optLong("packets-in").orElse(0L), m.optLong("packets-out").orElse(0L));
        }
    }

    /** Reads an IKE_SA section (its entry name is the connection name). */
    public static IkeSa of(String name, ViciMessage m) {
        List<ChildSa> children = m.optSection("child-sas")
                .map(c -> c.sections().stream().map(e -> ChildSa.of(e.name(), e.section())).toList())
                .orElse(List.of());
        return new IkeSa(name, m.optLong("uniqueid").orElse(0L), m.optString("state").orElse(""),
                m.optString("remote-host").orElse(null), m.optLong("remote-port").orElse(0L).intValue(),
                m.optString("remote-id").orElse(null), m.optString("remote-eap-id").orElse(null),
                m.strings("remote-vips"), children, m);
    }

    /** The IKE_SAs in a message whose top-level sections are connection name → IKE_SA (list-sa events). */
    public static List<IkeSa> allIn(ViciMessage m) {
        return m.sections().stream().map(e -> of(e.name(), e.section())).toList();
    }
}
