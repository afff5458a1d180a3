package io.swanledger.vlan;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;

import com.fasterxml.jackson.annotation.JsonAutoDetect;
import com.fasterxml.jackson.annotation.JsonAutoDetect.Visibility;
import io.swanledger.api.vlan.AccessListEvent;
import io.swanledger.api.vlan.AccessListChanges;
import io.swanledger.api.vlan.AccessListImported;
import io.swanledger.api.vlan.AccessPair;
import io.swanledger.api.vlan.AccessPairGranted;
import io.swanledger.api.vlan.AccessPairRevoked;
import io.swanledger.api.vlan.ImportAccessList;
import io.swanledger.api.vlan.LabVlan;
import io.swanledger.api.vlan.LabVlanChanged;
import io.swanledger.api.vlan.LabVlanRegistered;
import io.swanledger.api.vlan.LabVlanUnregistered;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateCreationPolicy;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.modelling.command.CreationPolicy;

/**
 * The lab-VLAN registry and the allowed account@VLAN pairs, as last imported from the campus network
 * database. An import records only what differs from the state before it (withdrawals first, so that
 * routes are revoked before anything new is granted); an identical import records nothing.
 */
@JsonAutoDetect(fieldVisibility = Visibility.ANY, getterVisibility = Visibility.NONE, isGetterVisibility = Visibility.NONE)
public class VlanAccessList {

    @AggregateIdentifier
    private String listId;
    private AccessListState state = new AccessListState();

    VlanAccessList() {
        // for Axon and Jackson
    }

    @CommandHandler
    @CreationPolicy(AggregateCreationPolicy.CREATE_IF_MISSING)
    public AccessListChanges handle(ImportAccessList cmd) {
        String id = cmd.listId();
        Map<Integer, LabVlan> incoming = new HashMap<>();
        cmd.vlans().forEach(v -> incoming.put(v.number().value(), v));

        List<Object> revoked = new ArrayList<>();
        List<Object> vlanChanges = new ArrayList<>();
        state.pairs().stream().map(AccessPair::parse)
                .filter(p -> !cmd.pairs().contains(p))
                .sorted(Comparator.comparing(AccessPair::toString))
                .forEach(p -> revoked.add(new AccessPairRevoked(id, p, cmd.source(), cmd.at())));
        state.vlans().values().stream()
                .filter(v -> !incoming.containsKey(v.number().value()))
                .sorted(Comparator.comparing(LabVlan::number))
                .forEach(v -> vlanChanges.add(new LabVlanUnregistered(id, v, cmd.source(), cmd.at())));
        cmd.vlans().stream().sorted(Comparator.comparing(LabVlan::number)).forEach(v -> {
            LabVlan before = state.vlan(v.number());
            if (before == null) {
                vlanChanges.add(new LabVlanRegistered(id, v, cmd.source(), cmd.at()));
            } else if (!before.equals(v)) {
                vlanChanges.add(new LabVlanChanged(id, before, v, cmd.source(), cmd.at()));
            }
        });
        List<Object> granted = cmd.pairs().stream().filter(p -> !state.allows(p))
                .sorted(Comparator.comparing(AccessPair::toString))
                .map(p -> (Object) new AccessPairGranted(id, p, cmd.source(), cmd.at())).toList();

        List<Object> changes = new ArrayList<>(revoked);   // revocations first
        changes.addAll(vlanChanges);
        changes.addAll(granted);
        boolean record = !cmd.dryRun() && (!changes.isEmpty() || listId == null);
        AccessListChanges answer = changes(changes, record);
        if (!record) {
            return answer;
        }
        changes.forEach(e -> apply(e));
        apply(new AccessListImported(id, cmd.source(), cmd.requestedBy(), cmd.vlans().size(), cmd.pairs().size(),
                vlanChanges.size(), revoked.size() + granted.size(), cmd.at()));
        return answer;
    }

    private static AccessListChanges changes(List<Object> events, boolean applied) {
        List<String> registered = new ArrayList<>();
        List<String> changed = new ArrayList<>();
        List<String> unregistered = new ArrayList<>();
        List<String> granted = new ArrayList<>();
        List<String> revoked = new ArrayList<>();
        for (Object e : events) {
            if (e instanceof LabVlanRegistered r) {
                registered.add(r.vlan().number().toString());
            } else if (e instanceof LabVlanChanged c) {
                changed.add(c.after().number().toString());
            } else if (e instanceof LabVlanUnregistered u) {
                unregistered.add(u.before().number().toString());
            } else if (e instanceof AccessPairGranted g) {
                granted.add(g.pair().toString());
            } else if (e instanceof AccessPairRevoked r) {
                revoked.add(r.pair().toString());
            }
        }
        return new AccessListChanges(applied, registered, changed, unregistered, granted, revoked);
    }

    @EventSourcingHandler
    void on(AccessListEvent e) {
        listId = e.listId();
        state.apply(e);
    }

    AccessListState state() {
        return state;
    }
}
