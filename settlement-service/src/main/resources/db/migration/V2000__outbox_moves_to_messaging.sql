-- The platform outbox (onestop-messaging, V1000 in classpath:db/messaging) replaces this service's own `outbox`.
-- Version 2000: it runs after the library's 1000 range. Events written by an older release and not yet published
-- move across in their order, with the CloudEvents headers the old relay added (ce_time with microseconds), then
-- the old table goes. Its rows are all settlement.completed.v1 events of this service.
insert into messaging_outbox (id, aggregatetype, aggregateid, type, payload, headers, created_at)
select event_id, topic, msg_key, 'org.onestop.settlement.completed.v1', convert_to(payload, 'UTF8'),
       jsonb_build_object(
           'ce_id', event_id::text,
           'ce_source', '/onestop/settlement-service',
           'ce_type', 'org.onestop.settlement.completed.v1',
           'ce_specversion', '1.0',
           'ce_time', to_char(event_time at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"'),
           'ce_subject', msg_key,
           'content-type', 'application/json'),
       created_at
from outbox
order by seq;

drop table outbox;
