-- The one outbox of onestop-messaging. A service adds classpath:db/messaging to spring.flyway.locations; Flyway sorts
-- every location's versions together in one history table, so this library owns versions 1000 to 1999 and a service
-- keeps its own below 1000 (a service step that must run after the outbox exists, such as moving rows out of an old
-- table, takes a version from 2000 up).
--
-- Column shape: what Debezium's outbox event router reads by default (id, aggregatetype, aggregateid, type, payload),
-- so a deployment may replace the relay by CDC: route.by.field=aggregatetype with route.topic.replacement set to the routed value itself
-- (aggregatetype holds the full topic name), table.field.event.key=aggregateid, and
-- table.fields.additional.placement carrying the headers. The relay's own columns come after.
create table messaging_outbox (
    seq             bigserial   primary key,
    -- the event id, published as ce_id: consumers dedupe on it
    id              uuid        not null unique,
    -- the topic name, e.g. settlement.completed.v1
    aggregatetype   text        not null,
    -- the record key (the person reference)
    aggregateid     text        not null,
    -- the CloudEvents type (ce_type)
    type            text        not null,
    -- the record value as written (JSON bytes)
    payload         bytea       not null,
    -- every record header, name to text value (ce_* and content-type)
    headers         jsonb       not null,
    created_at      timestamptz not null default now(),
    -- which relay lease covers the row: one key always maps to one lease, so one relay at a time publishes a key.
    -- hashtext is stable across PostgreSQL versions of one major line and across sessions; the mask keeps it
    -- non-negative (abs() overflows on the smallest int). 32 must equal the row count of messaging_outbox_lease.
    lease_partition int generated always as ((hashtext(aggregateid) & 2147483647) % 32) stored
);

-- the relay reads the oldest rows of the partitions it holds
create index messaging_outbox_by_partition on messaging_outbox (lease_partition, seq);

-- One row per outbox partition; a relay publishes a partition's rows only while it holds the lease.
create table messaging_outbox_lease (
    lease_partition int         primary key,
    owner           text,
    expires_at      timestamptz
);
insert into messaging_outbox_lease (lease_partition) select p from generate_series(0, 31) p;

-- Relays alive (heartbeat), so each can take its fair share of the partitions: ceil(32 / live relays).
create table messaging_outbox_relay (
    owner      text        primary key,
    expires_at timestamptz not null
);
