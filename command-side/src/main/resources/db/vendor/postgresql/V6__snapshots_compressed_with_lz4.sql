-- A pool's snapshot is its whole state as JSON (60,000 addresses with their last holders: megabytes),
-- written every 20,000 pool events. PostgreSQL's default compression (pglz) took 240–300 ms of the server's CPU
-- for each, on the cores the logins need; lz4 compresses it to the same size five times faster. A server
-- built without lz4 stores snapshots uncompressed instead (cheaper still in CPU, three times the bytes).
do $$
begin
    alter table snapshot_event_entry alter column payload set compression lz4;
exception when others then
    alter table snapshot_event_entry alter column payload set storage external;
end
$$;
