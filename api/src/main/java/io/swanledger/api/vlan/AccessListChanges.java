package io.swanledger.api.vlan;

import java.util.List;

/**
 * What an import changes (or, for a dry run, would change): lab VLANs registered, changed and
 * unregistered (by management number) and pairs granted and revoked, each sorted. {@code applied}
 * says whether it was recorded; an import that changes nothing records nothing.
 */
public record AccessListChanges(boolean applied, List<String> registered, List<String> changed, List<String> unregistered,
                                List<String> granted, List<String> revoked) {

    public AccessListChanges {
        registered = List.copyOf(registered);
        changed = List.copyOf(changed);
        unregistered = List.copyOf(unregistered);
        granted = List.copyOf(granted);
        revoked = List.copyOf(revoked);
    }

    public boolean none() {
        return registered.isEmpty() && changed.isEmpty() && unregistered.isEmpty() && granted.isEmpty() && revoked.isEmpty();
    }

    /** "2 VLANs registered, 1 pair revoked" — or "no change". */
    public String summary() {
        StringBuilder s = new StringBuilder();
        part(s, registered.size(), "VLAN", "registered");
        part(s, changed.size(), "VLAN", "changed");
        part(s, unregistered.size(), "VLAN", "unregistered");
        part(s, granted.size(), "pair", "granted");
        part(s, revoked.size(), "pair", "revoked");
        return s.length() == 0 ? "no change" : s.toString();
    }

    private static void part(StringBuilder s, int n, String what, String verb) {
        if (n > 0) {
            s.append(s.length() == 0 ? "" : ", ").append(n).append(' ').append(what).append(n == 1 ? "" : "s").append(' ').append(verb);
        }
    }
}
