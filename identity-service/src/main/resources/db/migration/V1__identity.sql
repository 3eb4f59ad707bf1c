-- Batches as received: one per (department, department reference) and one per content.
create table batch (
    id                   uuid primary key,
    department           text        not null,
    department_reference text        not null,
    content_hash         text        not null,
    source               text        not null,           -- JSON | CSV
    identity_type        text,                            -- CSV: the file's 对象类别
    issuing_unit         text,
    received_at          timestamptz not null,
    total_rows           integer     not null default 0,
    accepted_rows        integer     not null default 0,
    rejected_rows        integer     not null default 0,
    constraint batch_reference_unique unique (department, department_reference),
    constraint batch_content_unique unique (department, content_hash)
);

-- The per-row report, queryable later. Never the raw ID number: masked form and personRef only.
create table batch_row (
    batch_id         uuid    not null references batch (id),
    row_no           integer not null,
    accepted         boolean not null,
    reason_code      text,
    reason           text,
    record_reference text,
    masked_id        text,
    person_ref       text,
    identity_type    text,
    change           text,
    primary key (batch_id, row_no)
);
create index batch_row_rejected on batch_row (batch_id, row_no) where not accepted;

-- The only place the raw number lives (rosters need it).
create table person (
    person_ref    text primary key,
    id_number     text not null,
    name          text,
    birth_date    date not null,
    household_ref text,
    updated_at    timestamptz not null
);

-- Append-only facts: what each department pushed, when. Never updated, never deleted.
create table identity_fact (
    seq                  bigserial primary key,
    period_id            uuid        not null,
    person_ref           text        not null,
    identity_type        text        not null,
    department           text        not null,
    region_code          text        not null,
    change               text        not null,
    valid_from           date        not null,
    valid_to             date,
    supersedes_period_id uuid,
    batch_id             uuid        not null references batch (id),
    row_no               integer     not null,
    record_reference     text,
    recorded_at          timestamptz not null
);
create index identity_fact_person on identity_fact (person_ref, seq);

-- The current view of the periods, derived from the facts (rebuildable from identity_fact):
-- a period's latest bounds, and whether a correction replaced it.
create table identity_period (
    period_id     uuid primary key,
    person_ref    text        not null,
    identity_type text        not null,
    department    text        not null,
    region_code   text        not null,
    valid_from    date        not null,
    valid_to      date,
    superseded_by uuid,
    opened_batch  uuid        not null,
    closed_batch  uuid,
    last_change   text        not null,
    last_batch    uuid        not null,
    updated_at    timestamptz not null
);
create index identity_period_person on identity_period (person_ref, identity_type);

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
