package io.swanledger.api.vlan;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import io.swanledger.api.InvalidValueException;
import io.swanledger.api.Inputs;
import io.swanledger.api.identity.AccountName;
import io.swanledger.api.identity.Identity;
import io.swanledger.api.identity.VlanNumber;

/** An allowed {@code account@VLAN} pair from the campus network database. */
public record AccessPair(AccountName account, VlanNumber vlan) {

    public AccessPair {
        Inputs.required("pair account", account);
        Inputs.required("pair VLAN", vlan);
    }

    @JsonCreator
    public static AccessPair parse(String text) {
        Identity id = Identity.parse(text);
        if (id.unreadableVlan() != null) {
            throw new InvalidValueException("access pair", id.unreadableVlanReason(), text);
        }
        if (id.vlan() == null) {
            throw new InvalidValueException("access pair", "must be account@VLAN", text);
        }
        return new AccessPair(id.account(), id.vlan());
    }

    @JsonValue
    @Override
    public String toString() {
        return account + "@" + vlan;
    }
}
