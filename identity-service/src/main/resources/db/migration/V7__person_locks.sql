-- Issue 12: no global lock. A batch used to hold one advisory lock for its whole transaction, so batches (and
-- replicas) ran one at a time. Now a batch of one chunk row-locks its persons here (inserting the rows it needs, in
-- person order, then SELECT … FOR UPDATE in person order) and holds them until it commits; a batch of several chunks,
-- whose later persons are unknown when its first chunk is written, takes this table in EXCLUSIVE mode instead, which
-- waits for and holds off every other writer (BatchStore.lockPersons / lockAllPersons). Row locks, not advisory
-- ones: they live in the rows, not in PostgreSQL's shared lock table, which thousands per batch would exhaust.
create table person_lock (
    person_ref text primary key
);
