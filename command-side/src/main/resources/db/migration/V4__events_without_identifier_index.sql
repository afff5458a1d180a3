-- An event's identifier is a random UUID that nothing looks up by. Its unique index cost a btree insert
-- at a random page for every event, about a seventh of the write-ahead log the gateway wrote under
-- churn (and its share of every commit's flush). The constraint the store relies on, one event per
-- aggregate and sequence number (a conflict between writers), stays.
alter table domain_event_entry drop constraint if exists ukfwe6lsa8bfo6hyas6ud3m8c7x;
