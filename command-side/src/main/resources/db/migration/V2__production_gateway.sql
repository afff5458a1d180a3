-- The production gateway: identities as the AAA server names them, silent sessions and roaming in the
-- live-session directory, one routing state per gateway, establish deadlines kept in the store.

alter table swanledger_live_session alter column account set data type varchar(512);
alter table swanledger_live_session add column if not exists last_seen bigint;
alter table swanledger_live_session add column if not exists peer varchar(64);

create table if not exists swanledger_gateway_route (
    gateway varchar(63) not null,
    session_id varchar(64) not null,
    client varchar(15) not null,
    vlan_number varchar(9) not null,
    primary key (gateway, session_id)
);
create table if not exists swanledger_gateway_lab_vlan (
    gateway varchar(63) not null,
    number varchar(9) not null,
    definition varchar(2000) not null,
    primary key (gateway, number)
);

create table if not exists swanledger_establish_deadline (
    session_id varchar(64) primary key,
    gateway varchar(63) not null,
    due_at bigint not null
);
create index if not exists swanledger_establish_deadline_due on swanledger_establish_deadline (due_at);
