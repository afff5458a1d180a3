package io.swanledger.api.vlan;

import io.swanledger.api.InvalidValueException;
import io.swanledger.api.Inputs;
import io.swanledger.api.identity.VlanNumber;
import io.swanledger.api.net.CidrPrefix;
import io.swanledger.api.net.Ipv4Address;

/**
 * One registered lab VLAN: the interface its QinQ trunk arrives on (e.g. {@code ens3.1}), its prefix,
 * its router, the address lab traffic is SNATed to (by the seed's convention broadcast − 2) and the
 * routing table that sends campus traffic there (by convention numbered like the VLAN: {@code gw123456}).
 */
public record LabVlan(VlanNumber number, String interfaceName, CidrPrefix prefix, Ipv4Address gateway,
                      Ipv4Address snatAddress, int table) {

    public LabVlan {
        Inputs.required("VLAN management number", number);
        checkInterface(interfaceName);
        Inputs.required("VLAN prefix", prefix);
        Inputs.required("VLAN gateway", gateway);
        Inputs.required("VLAN SNAT address", snatAddress);
        if (prefix.length() > 30) {
            throw new InvalidValueException("VLAN prefix", "is too small for a lab VLAN", prefix);
        }
        requireHost("VLAN gateway", prefix, gateway);
        requireHost("VLAN SNAT address", prefix, snatAddress);
        if (gateway.equals(snatAddress)) {
            throw new InvalidValueException("VLAN SNAT address", "is the VLAN's gateway", snatAddress);
        }
        // 0 is unspecified; 253–255 are the kernel's default, main and local tables.
        if (table <= 0 || (table >= 253 && table <= 255)) {
            throw new InvalidValueException("VLAN routing table", "must be positive and not 253 (default), 254 (main) or 255 (local)", table);
        }
    }

    /** The seed's conventions: SNAT to broadcast − 2, table numbered like the VLAN. */
    public static LabVlan withDefaults(VlanNumber number, String interfaceName, CidrPrefix prefix, Ipv4Address gateway) {
        return new LabVlan(number, interfaceName, prefix, gateway, prefix.broadcastMinusTwo(), number.value());
    }

    /** The routing table's name as in the seed ({@code gw123456}). */
    public String tableName() {
        return "gw" + number;
    }

    private static void requireHost(String field, CidrPrefix prefix, Ipv4Address a) {
        if (!prefix.contains(a)) {
            throw new InvalidValueException(field, "is outside " + prefix, a);
        }
        if (a.equals(prefix.network()) || a.equals(prefix.broadcast())) {
            throw new InvalidValueException(field, "is the network or broadcast address of " + prefix, a);
        }
    }

    /** Linux interface names: 1–15 characters, no '/', ':', whitespace or control characters. */
    static void checkInterface(String name) {
        Inputs.text("VLAN interface", name, 15);
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            boolean ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                    || c == '.' || c == '_' || c == '-';
            if (!ok) {
                throw new InvalidValueException("VLAN interface", "may contain only letters, digits, '.', '_' and '-'", name);
            }
        }
        if (name.charAt(0) == '-' || name.equals(".") || name.equals("..")) {
            throw new InvalidValueException("VLAN interface", "is not a valid interface name", name);
        }
    }
}
