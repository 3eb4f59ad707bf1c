-- One row per person: the lock every change of that person's book takes (select … for update), the masked ID
-- (display on statements; the raw number is never stored) and the ledger after the last replay (display only).
create table person (
    person_ref  text primary key,
    masked_id   text,
    ledger      text        not null default '{}',
    updated_at  timestamptz not null default now()
);

create sequence settlement_seq;

-- A settlement as first answered. `discharge` is the engine's input (replayed on every change of the person's book);
-- `answer` the JSON answered to the hospital, never changed afterwards. Cancelling sets status/reversed_at only.
create table settlement (
    id             uuid primary key,
    seq            bigint      not null unique,
    person_ref     text        not null references person (person_ref),
    hospital_id    text        not null,
    message_id     text        not null,
    hospital_ref   text        not null,
    content_hash   text        not null,
    region_code    text        not null,
    policy_region  text        not null,
    discharge_date date        not null,
    discharge      text        not null,
    answer         text        not null,
    status         text        not null,              -- SETTLED | REVERSED
    source         text        not null,              -- HTTP | TOPIC
    created_at     timestamptz not null,
    reversed_at    timestamptz,
    constraint settlement_message_unique unique (hospital_id, message_id),
    constraint settlement_ref_unique unique (hospital_id, hospital_ref)
);
create index settlement_person on settlement (person_ref, status);

-- Money moved, append-only: ORIGINAL (the first answer), ADJUSTMENT (a replay's difference), REVERSAL (cancel).
-- What a settlement pays on a layer = the sum of its lines.
create table payment (
    id             bigserial primary key,
    settlement_id  uuid        not null references settlement (id),
    kind           text        not null,
    layer          text        not null,
    fund_code      text,
    amount_fen     bigint      not null,
    reason         text,
    cause_id       uuid,
    event_id       uuid        not null,
    created_at     timestamptz not null
);
create index payment_settlement on payment (settlement_id);

-- This service's view of identities, from identity.changed.v1. valid_until is EXCLUSIVE (the engine's form:
-- the event's inclusive validTo + 1 day).
create table identity_period (
    period_id     uuid primary key,
    person_ref    text    not null,
    identity_type text    not null,
    region_code   text    not null,
    valid_from    date    not null,
    valid_until   date,
    superseded    boolean not null default false,
    last_event_id uuid    not null
);
create index identity_period_person on identity_period (person_ref);

-- Consumed events (identity.changed.v1, discharge.submitted.v1): consumers are idempotent by ce_id.
create table processed_event (
    event_id     uuid primary key,
    processed_at timestamptz not null default now()
);

-- On-application assistance (依申请): approved ones are grants in the person's context.
create table grant_application (
    id               uuid primary key,
    person_ref       text        not null,
    masked_id        text,
    region_code      text        not null,
    policy_region    text        not null,
    policy_version   text        not null,
    kind             text        not null,
    application_date date        not null,
    office           text,
    status           text        not null,             -- APPROVED | REFUSED
    answer           text        not null,             -- the decision as answered (JSON)
    created_at       timestamptz not null
);
create index grant_application_person on grant_application (person_ref, status);

-- Transactional outbox: written in the state change's transaction, drained in seq order by the relay.
create table outbox (
    seq        bigserial primary key,
    event_id   uuid        not null,
    topic      text        not null,
    msg_key    text        not null,
    payload    text        not null,
    event_time timestamptz not null,
    created_at timestamptz not null default now()
);
