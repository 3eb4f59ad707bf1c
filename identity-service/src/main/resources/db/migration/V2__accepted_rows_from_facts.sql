-- An accepted row's report line is its identity_fact (every accepted row writes exactly one fact with the batch id,
-- row number, record reference, person, type and change; the masked number is derived from person). batch_row now
-- holds rejected rows only, so a million accepted rows are not stored twice. The report stays queryable:
-- GET …/batches/{id}/rows reads both, ordered by row number, through the index below.
create index identity_fact_batch on identity_fact (batch_id, row_no);
delete from batch_row where accepted;

-- person_ref is a uniformly random 64-character key, and every lookup by it is an equality (a person's facts, periods,
-- the live periods of a chunk's persons). A btree holds the whole key per entry (~100 bytes): with millions of facts it
-- outgrows the cache and every insert of a big batch touches a random leaf. A hash index holds a 4-byte hash per entry.
drop index identity_fact_person;
create index identity_fact_person on identity_fact using hash (person_ref);
drop index identity_period_person;
create index identity_period_person on identity_period using hash (person_ref);
