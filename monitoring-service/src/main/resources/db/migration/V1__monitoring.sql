-- Every event absorbed, by its id: the dedupe that makes replays and redeliveries raise nothing new.
create table processed_event (
    event_id    uuid primary key,
    topic       text        not null,
    absorbed_at timestamptz not null default now()
);

-- One row per settlement: the sum of its events' deltas (SETTLED + REVERSED + ADJUSTED), in fen. Deltas commute, so
-- events in any order give the same sums; a cancellation of a settlement not yet seen is kept here (placed later,
-- when an event names its year and visit type) and never lost.
create table settlement_burden (
    settlement_id    uuid primary key,
    person_ref       text   not null,
    policy_region    text,
    year             integer,
    visit_type       text,
    insurance_type   text,
    after_insurance  bigint not null,
    after_assistance bigint not null,
    events           integer not null,
    updated_at       timestamptz not null default now()
);
create index settlement_burden_person_year on settlement_burden (person_ref, year);

-- The person's identity periods from identity.changed.v1 (validTo inclusive; superseded = replaced by a correction).
create table identity_period (
    period_id     uuid primary key,
    person_ref    text    not null,
    identity_type text    not null,
    department    text    not null,
    valid_from    date    not null,
    valid_to      date,
    superseded    boolean not null default false
);
create index identity_period_person on identity_period (person_ref);

-- Display data from identity events (never the raw number).
create table person (
    person_ref       text primary key,
    masked_id_number text not null,
    birth_date       date,
    household_ref    text
);

-- A warning: once per person, policy region, year and line (the unique key makes raising idempotent).
create table warning (
    id              uuid primary key,
    person_ref      text        not null,
    policy_region   text        not null,
    policy_version  text        not null,
    year            integer     not null,
    line_id         text        not null,
    line_name       text        not null,
    clause          text        not null,
    burden_basis    text        not null,
    threshold_fen   bigint      not null,
    burden_fen      bigint      not null,
    composition     text        not null,           -- JSON {visitType: yuan}
    identity_types  text        not null,           -- comma-separated codes held on as_of
    as_of           date        not null,
    status          text        not null,           -- OPEN | ACKNOWLEDGED | RESOLVED
    raised_at       timestamptz not null,
    resolved_at     timestamptz,
    resolved_by     uuid,
    resolution      text,
    constraint warning_once unique (person_ref, policy_region, year, line_id)
);
create index warning_open on warning (status, policy_region, line_id) where status <> 'RESOLVED';
create index warning_person on warning (person_ref) where status <> 'RESOLVED';

-- Where a warning is routed: one row per department, acknowledged by that department.
create table warning_route (
    warning_id      uuid        not null references warning (id),
    department      text        not null,
    acknowledged_at timestamptz,
    ack_note        text,
    primary key (warning_id, department)
);
create index warning_route_department on warning_route (department, warning_id);

-- Webhook deliveries, written with the warning, sent by their own scheduler (never by the consumer).
create table webhook_delivery (
    id              bigserial primary key,
    warning_id      uuid        not null,
    event_id        uuid        not null,
    department      text        not null,
    person_ref      text        not null,
    payload         text        not null,
    attempts        integer     not null default 0,
    next_attempt_at timestamptz not null default now(),
    delivered_at    timestamptz,
    last_error      text
);
create index webhook_delivery_due on webhook_delivery (next_attempt_at) where delivered_at is null;

-- Transactional outbox of monitoring.alert.v1: written in the warning's transaction, drained in seq order.
create table outbox (
    seq        bigserial primary key,
    event_id   uuid        not null,
    topic      text        not null,
    msg_key    text        not null,
    payload    text        not null,
    event_time timestamptz not null,
    created_at timestamptz not null default now()
);
