-- removes what settle.sql inserted
DELETE FROM payment WHERE settlement_id IN (SELECT id FROM settlement WHERE hospital_id = 'PGB');
DELETE FROM settlement WHERE hospital_id = 'PGB';
DELETE FROM messaging_outbox WHERE aggregateid LIKE 'bench-%';
DELETE FROM person WHERE person_ref LIKE 'bench-%';
