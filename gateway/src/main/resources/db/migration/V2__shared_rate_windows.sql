-- The partners' API rate, shared by every gateway replica (SharedRateLimits): one row per limited key, holding the
-- current window (numbered on the database's clock, so replicas never disagree about it), the permits handed out in
-- it, and what the last statement granted (read back by its RETURNING).
create table rate_window (
    limit_key    text   primary key,
    window_no    bigint not null,
    used         int    not null check (used >= 0),
    last_granted int    not null check (last_granted >= 0)
);
