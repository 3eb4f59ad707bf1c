-- Identity events already applied (consumers dedupe on ce_id = eventId); also records what was dead-lettered.
create table processed_event (
    event_id     uuid primary key,
    outcome      text        not null,            -- APPLIED | HELD | DUPLICATE_PERIOD | DEAD_LETTER
    processed_at timestamptz not null
);

-- One row per person: the display form of the number (never the raw one) and the decision horizon.
create table person (
    person_ref  text primary key,
    masked_id   text,                             -- null until an identity event names the person
    as_of       date not null,                    -- latest recording date seen: which insurance years are open
    updated_at  timestamptz not null
);

-- The person's identity periods as this service knows them.
--   ACTIVE    opened by NEW/INCREASE/CORRECTION (validTo set by DECREASE/EXIT)
--   HELD_EXIT an exit that arrived before the event opening its period: never decides anything until it does
--   VOID      replaced by a correction (or named by one before it arrived): treated as never having existed
create table identity_period (
    period_id     uuid primary key,
    person_ref    text not null,
    region_code   text not null,
    identity_type text not null,
    valid_from    date not null,
    valid_to      date,
    status        text not null,
    recorded_on   date not null,
    updated_at    timestamptz not null
);
create index identity_period_person on identity_period (person_ref);

-- Contribution payments reported by the tax bureau: one per person and insurance year (a re-report replaces it).
create table contribution (
    person_ref  text          not null,
    year        integer       not null,
    amount      numeric(12,2) not null,
    paid_on     date          not null,
    reported_at timestamptz   not null,
    primary key (person_ref, year)
);

-- The current decision per person and insurance year.
create table person_year (
    person_ref       text          not null,
    year             integer       not null,
    status           text          not null,     -- SUBSIDIZED | NOT_SUBSIDIZED | HELD
    reason           text          not null,
    region_code      text,
    policy_region    text,
    policy_version   text,
    identity_type    text,
    subsidy_kind     text,
    contribution     numeric(12,2),
    amount           numeric(12,2),
    province_amount  numeric(12,2),
    county_amount    numeric(12,2),
    refund           numeric(12,2),
    benefit_from     date,
    subsidized_until date,
    clause           text,
    updated_at       timestamptz   not null,
    primary key (person_ref, year)
);

-- Every subsidy event as published: the person-year history and the tax bureau's monthly list.
create table subsidy_event (
    seq              bigserial primary key,
    event_id         uuid          not null unique,
    person_ref       text          not null,
    masked_id        text          not null,
    year             integer       not null,
    change           text          not null,     -- GRANTED | REFUND_DUE | WITHDRAWN | ENDED
    region_code      text          not null,
    policy_region    text          not null,
    identity_type    text          not null,
    subsidy_kind     text          not null,
    contribution     numeric(12,2) not null,
    amount           numeric(12,2) not null,
    province_amount  numeric(12,2),
    county_amount    numeric(12,2),
    refund           numeric(12,2),
    benefit_from     date,
    subsidized_until date,
    reason           text          not null,
    clause           text,
    caused_by        uuid,
    decided_at       timestamptz   not null,
    month            text          not null      -- YYYY-MM of decided_at (Asia/Shanghai), the list's month
);
create index subsidy_event_person_year on subsidy_event (person_ref, year, seq);
create index subsidy_event_region_month on subsidy_event (policy_region, month, seq);

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
