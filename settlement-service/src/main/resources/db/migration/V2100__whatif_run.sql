-- Policy what-if runs (docs/what-if.md): the run's state and result, so that any replica answers a GET or a DELETE.
-- Nothing here is part of the books: a run only reads settlement, identity_period and grant_application.
create table whatif_run (
    id               uuid primary key,
    policy_region    text        not null,
    year             int         not null,
    area             text,                      -- the region prefix of the office that asked (null: no area limit)
    candidate        text        not null,      -- the candidate's effective policy YAML
    parameters       text,                      -- the overrides as asked (JSON), null for a whole file
    status           text        not null,      -- QUEUED | RUNNING | DONE | FAILED | CANCELLED
    persons_total    int,
    persons_done     int         not null default 0,
    result_json      text,
    result_csv       text,
    error            text,
    cancel_requested boolean     not null default false,
    created_at       timestamptz not null,
    updated_at       timestamptz not null
);
