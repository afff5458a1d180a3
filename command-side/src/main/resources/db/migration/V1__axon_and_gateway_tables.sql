-- The schema swanledger had before it used migrations (Axon's JPA tables as Hibernate made them, and the
-- gateway's own tables as version 0.1 created them). A database made then is baselined at this version.
-- ${binary} and ${timestamp_column} are the two places H2 and PostgreSQL differ (StoreEnvironment sets them).

create sequence if not exists domain_event_entry_seq start with 1 increment by 50;
create sequence if not exists association_value_entry_seq start with 1 increment by 50;

create table if not exists domain_event_entry (
    global_index bigint not null primary key,
    event_identifier varchar(255) not null,
    meta_data ${binary},
    payload ${binary} not null,
    payload_revision varchar(255),
    payload_type varchar(255) not null,
    time_stamp varchar(255) not null,
    aggregate_identifier varchar(255) not null,
    sequence_number bigint not null,
    type varchar(255),
    constraint uk8s1f994p4la2ipb13me2xqm1w unique (aggregate_identifier, sequence_number),
    constraint ukfwe6lsa8bfo6hyas6ud3m8c7x unique (event_identifier)
);

create table if not exists snapshot_event_entry (
    aggregate_identifier varchar(255) not null,
    sequence_number bigint not null,
    type varchar(255) not null,
    event_identifier varchar(255) not null,
    meta_data ${binary},
    payload ${binary} not null,
    payload_revision varchar(255),
    payload_type varchar(255) not null,
    time_stamp varchar(255) not null,
    primary key (aggregate_identifier, sequence_number, type),
    constraint uke1uucjseo68gopmnd0vgdl44h unique (event_identifier)
);

create table if not exists token_entry (
    processor_name varchar(255) not null,
    segment integer not null,
    owner varchar(255),
    ${timestamp_column} varchar(255) not null,
    token ${binary},
    token_type varchar(255),
    primary key (processor_name, segment)
);

create table if not exists saga_entry (
    saga_id varchar(255) not null primary key,
    revision varchar(255),
    saga_type varchar(255),
    serialized_saga ${binary}
);

create table if not exists association_value_entry (
    id bigint not null primary key,
    association_key varchar(255) not null,
    association_value varchar(255),
    saga_id varchar(255) not null,
    saga_type varchar(255)
);
create index if not exists idxk45eqnxkgd8hpdn6xixn8sgft on association_value_entry (saga_type, association_key, association_value);
create index if not exists idxgv5k1v2mh6frxuy5c0hgbau94 on association_value_entry (saga_id, saga_type);

create table if not exists dead_letter_entry (
    dead_letter_id varchar(255) not null primary key,
    cause_message varchar(1023),
    cause_type varchar(255),
    diagnostics ${binary},
    enqueued_at timestamp(6) with time zone not null,
    last_touched timestamp(6) with time zone,
    aggregate_identifier varchar(255),
    event_identifier varchar(255) not null,
    message_type varchar(255) not null,
    meta_data ${binary},
    payload ${binary} not null,
    payload_revision varchar(255),
    payload_type varchar(255) not null,
    sequence_number bigint,
    time_stamp varchar(255) not null,
    token ${binary},
    token_type varchar(255),
    type varchar(255),
    processing_group varchar(255) not null,
    processing_started timestamp(6) with time zone,
    sequence_identifier varchar(255) not null,
    sequence_index bigint not null,
    constraint ukhlr8io86j74qy298xf720n16v unique (processing_group, sequence_identifier, sequence_index)
);
create index if not exists idxe67wcx5fiq9hl4y4qkhlcj9cg on dead_letter_entry (processing_group);
create index if not exists idxrwucpgs6sn93ldgoeh2q9k6bn on dead_letter_entry (processing_group, sequence_identifier);

-- the gateway's live-session directory and (first version, no gateway column) routing state
create table if not exists swanledger_live_session (
    session_id varchar(64) primary key,
    nas_address varchar(15) not null,
    nas_identifier varchar(64),
    acct_session_id varchar(64),
    account varchar(64) not null,
    address varchar(15),
    authorized_at bigint not null,
    gateway varchar(64),
    ike_unique_id bigint,
    established boolean default false
);
create index if not exists swanledger_live_session_acct on swanledger_live_session (nas_address, acct_session_id);
create index if not exists swanledger_live_session_address on swanledger_live_session (address);
create index if not exists swanledger_live_session_ike on swanledger_live_session (gateway, ike_unique_id);

create table if not exists swanledger_route (
    session_id varchar(64) primary key,
    client varchar(15) not null,
    vlan_number varchar(9) not null
);
create table if not exists swanledger_lab_vlan (
    number varchar(9) primary key,
    definition varchar(2000) not null
);
