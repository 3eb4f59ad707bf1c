-- The settle transaction's database shape, as SettlementService.settleAll and BookStore.write issue it for a batch of
-- one (one person, one new settlement dated after the person's others, its three payment lines, one outbox event, the
-- ledger snapshot). :p picks one of 10,000 persons, as the HTTP driver does. Its outbox rows are junk for a relay, so
-- it runs only on a scratch database that no relay reads (issue 17): infra/scripts/bench.sh creates
-- settlement_ceiling, migrates it from settlement-service's own migration files, runs this at the closed loop's
-- concurrency and drops the database. Never point it at the live settlement database.
\set p random(1, 10000)
\set n random(1, 1000000000)
BEGIN;
INSERT INTO person (person_ref, masked_id) VALUES ('bench-' || :p, '') ON CONFLICT (person_ref) DO NOTHING;
SELECT person_ref FROM person WHERE person_ref = 'bench-' || :p FOR UPDATE;
SELECT s.seq, s.hospital_ref, s.content_hash, s.answer FROM settlement s WHERE s.hospital_id = 'PGB' AND s.message_id = 'm' || :n
UNION ALL SELECT s.seq, s.hospital_ref, s.content_hash, s.answer FROM settlement s WHERE s.hospital_id = 'PGB' AND s.hospital_ref = 'r' || :n AND s.message_id <> 'm' || :n ORDER BY 1;
SELECT identity_type, valid_from, valid_until FROM identity_period WHERE person_ref = 'bench-' || :p AND NOT superseded ORDER BY valid_from, period_id;
SELECT id, policy_region, kind, application_date FROM grant_application WHERE person_ref = 'bench-' || :p AND status = 'APPROVED' ORDER BY created_at, id;
SELECT p.person_ref, p.ledger, (SELECT max(s.discharge_date) FROM settlement s WHERE s.person_ref = p.person_ref AND s.status = 'SETTLED') FROM person p WHERE p.person_ref = 'bench-' || :p;
SELECT nextval('settlement_seq') AS seq \gset
INSERT INTO settlement (id, seq, person_ref, hospital_id, message_id, hospital_ref, content_hash, region_code, policy_region, discharge_date, discharge, answer, status, source, created_at)
  VALUES (gen_random_uuid(), :seq, 'bench-' || :p, 'PGB', 'm' || :n || '-' || :seq, 'r' || :n || '-' || :seq, md5(:n::text), '360402', '360400', '2026-03-01',
          repeat('d', 420), repeat('a', 3000), 'SETTLED', 'HTTP', now());
INSERT INTO payment (settlement_id, kind, layer, fund_code, amount_fen, reason, cause_id, event_id, created_at)
  SELECT id, 'ORIGINAL', l, '610100', 100000, NULL, NULL, gen_random_uuid(), now() FROM settlement, unnest(ARRAY['BASIC','CRITICAL_ILLNESS','ASSISTANCE']) AS l WHERE seq = :seq;
INSERT INTO messaging_outbox (id, aggregatetype, aggregateid, type, payload, headers) VALUES (gen_random_uuid(), 'settlement.completed.v1', 'bench-' || :p, 'org.onestop.settlement.completed.v1', convert_to(repeat('e', 900), 'UTF8'), '{"ce_id": "x", "ce_source": "/onestop/settlement-service", "ce_type": "org.onestop.settlement.completed.v1", "ce_specversion": "1.0", "ce_time": "2026-01-01T00:00:00Z", "content-type": "application/json"}'::jsonb);
UPDATE person p SET ledger = t.ledger, updated_at = now() FROM unnest(ARRAY['bench-' || :p], ARRAY[repeat('l', 200)]) AS t(ref, ledger) WHERE p.person_ref = t.ref;
COMMIT;
