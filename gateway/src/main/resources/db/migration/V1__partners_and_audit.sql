-- Partner systems that may ask for a token. Secrets are stored as bcrypt hashes only.
create table partner (
    client_id      text primary key,
    secret_hash    text        not null,
    partner_type   text        not null check (partner_type in ('HOSPITAL', 'DEPARTMENT', 'INSURANCE_OFFICE', 'OPERATOR')),
    display_name   text        not null,
    institution_id text,
    department     text,
    region_code    text,
    enabled        boolean     not null default true,
    created_at     timestamptz not null default now(),
    secret_changed_at timestamptz not null default now()
);

-- One row per write attempt through the gateway (refused ones too). Never a raw ID number: person_ref only,
-- and paths are masked before they are stored.
create table audit_entry (
    id           bigserial primary key,
    at           timestamptz not null,
    partner      text        not null,
    partner_type text,
    action       text        not null,
    method       text        not null,
    path         text        not null,
    person_ref   text,
    status       int         not null,
    request_id   text        not null
);
create index audit_entry_partner_at on audit_entry (partner, at);
create index audit_entry_at on audit_entry (at);
