package io.swanledger.api.vlan;

import io.swanledger.api.InvalidValueException;
import io.swanledger.api.Inputs;
import io.swanledger.api.identity.VlanNumber;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/**
 * A full snapshot of the lab-VLAN registry and the allowed pairs, as exported from the campus network
 * database. The aggregate records only what differs from the previous import. Every pair must name a
 * VLAN in the snapshot; VLAN numbers, SNAT addresses and tables must be unique. Answers with the
 * {@link AccessListChanges}; a {@code dryRun} only computes them and records nothing.
 */
public record ImportAccessList(@TargetAggregateIdentifier String listId, List<LabVlan> vlans, Set<AccessPair> pairs,
                               String source, String requestedBy, Instant at, boolean dryRun) {

    public static final String CAMPUS = "campus";

    public ImportAccessList {
        Inputs.text("list id", listId, 63);
        Inputs.required("VLANs", vlans);
        Inputs.required("pairs", pairs);
        Inputs.text("source", source, 256);
        Inputs.text("requested by", requestedBy, 128);
        Inputs.required("time", at);
        vlans = List.copyOf(vlans);
        pairs = Set.copyOf(pairs);
        Set<VlanNumber> numbers = new HashSet<>();
        Set<Integer> tables = new HashSet<>();
        for (LabVlan v : vlans) {
            if (!numbers.add(v.number())) {
                throw new InvalidValueException("VLANs", "VLAN " + v.number() + " is listed twice");
            }
            if (!tables.add(v.table())) {
                throw new InvalidValueException("VLANs", "routing table " + v.table() + " is used by two VLANs");
            }
        }
        for (AccessPair p : pairs) {
            if (!numbers.contains(p.vlan())) {
                throw new InvalidValueException("pairs", "pair " + p + " names VLAN " + p.vlan() + ", which the snapshot does not register");
            }
        }
    }

    /** An import that is applied. */
    public ImportAccessList(String listId, List<LabVlan> vlans, Set<AccessPair> pairs, String source, String requestedBy,
                            Instant at) {
        this(listId, vlans, pairs, source, requestedBy, at, false);
    }

    /** The same snapshot, only previewed. */
    public ImportAccessList asDryRun() {
        return new ImportAccessList(listId, vlans, pairs, source, requestedBy, at, true);
    }
}
