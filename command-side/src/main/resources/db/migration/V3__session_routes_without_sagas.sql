-- Group commit and no saga per session: which live sessions hold a lab-VLAN route is a table, written
-- in the transaction of the events. (Sagas of sessions opened before this version finish as they were.)

create table if not exists swanledger_vlan_route (
    session_id varchar(64) primary key,
    pair varchar(530) not null,
    vlan varchar(9) not null,
    gateway varchar(63) not null
);
create index if not exists swanledger_vlan_route_pair on swanledger_vlan_route (pair);
create index if not exists swanledger_vlan_route_vlan on swanledger_vlan_route (vlan);
