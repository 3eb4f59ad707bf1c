-- The settle transaction's database shape, as SettlementService issues it (one person, one new settlement, its
-- three payment lines, one outbox event, the ledger snapshot). :p picks one of 10,000 persons, as the HTTP driver does.
\set p random(1, 10000)
\set n random(1, 1000000000)
BEGIN;
INSERT INTO person (person_ref, masked_id) VALUES ('bench-' || :p, '') ON CONFLICT (person_ref) DO NOTHING;
SELECT person_ref FROM person WHERE person_ref = 'bench-' || :p FOR UPDATE;
SELECT message_id, hospital_ref, content_hash, answer FROM settlement WHERE hospital_id = 'PGB' AND (message_id = 'm' || :n OR hospital_ref = 'r' || :n) ORDER BY seq;
SELECT identity_type, valid_from, valid_until FROM identity_period WHERE person_ref = 'bench-' || :p AND NOT superseded ORDER BY valid_from, period_id;
SELECT id, policy_region, kind, application_date FROM grant_application WHERE person_ref = 'bench-' || :p AND status = 'APPROVED' ORDER BY created_at, id;
SELECT id, seq, discharge, hospital_id, hospital_ref FROM settlement WHERE person_ref = 'bench-' || :p AND status = 'SETTLED' ORDER BY seq;
SELECT p.settlement_id, p.layer, sum(p.amount_fen)::bigint FROM payment p JOIN settlement s ON s.id = p.settlement_id WHERE s.person_ref = 'bench-' || :p AND s.status = 'SETTLED' GROUP BY p.settlement_id, p.layer;
SELECT nextval('settlement_seq') AS seq \gset
INSERT INTO settlement (id, seq, person_ref, hospital_id, message_id, hospital_ref, content_hash, region_code, policy_region, discharge_date, discharge, answer, status, source, created_at)
  VALUES (gen_random_uuid(), :seq, 'bench-' || :p, 'PGB', 'm' || :n || '-' || :seq, 'r' || :n || '-' || :seq, md5(:n::text), '360402', '360400', '2026-03-01',
          repeat('d', 420), repeat('a', 3000), 'SETTLED', 'HTTP', now());
INSERT INTO payment (settlement_id, kind, layer, fund_code, amount_fen, reason, cause_id, event_id, created_at)
  SELECT id, 'ORIGINAL', l, '610100', 100000, NULL, NULL, gen_random_uuid(), now() FROM settlement, unnest(ARRAY['BASIC','CRITICAL_ILLNESS','ASSISTANCE']) AS l WHERE seq = :seq;
INSERT INTO outbox (event_id, topic, msg_key, payload, event_time) VALUES (gen_random_uuid(), 'settlement.completed.v1', 'bench-' || :p, repeat('e', 900), now());
UPDATE person SET ledger = repeat('l', 200), updated_at = now() WHERE person_ref = 'bench-' || :p;
COMMIT;
