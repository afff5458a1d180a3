package io.swanledger.api.vlan;

/** An event of the lab-VLAN access list; {@code listId} names the list (one per campus export). */
public interface AccessListEvent {

    String listId();
}
