-- Version 2001, not 3: databases of the previous release are already at 2000 (the outbox move), and Flyway refuses
-- a pending version below the applied ones.
--
-- Issue 12: no global lock. Every writer (a poll of identity events, a contribution report) used to take one
-- advisory lock for its whole transaction, so a second replica added nothing. Now a writer row-locks the persons it
-- touches here before it reads their files (inserting the rows it needs, in person order, then SELECT … FOR UPDATE in
-- person order: EnrollmentStore.lock) and holds them until it commits: one writer per person at a time, writers of
-- different persons (two replicas' polls of different partitions) side by side. Row locks, not advisory ones: a poll
-- of 2,000 persons would exhaust PostgreSQL's shared lock table.
create table person_lock (
    person_ref text primary key
);
