-- Issue 12: with N replicas each delivery is claimed before it is sent, so two schedulers never POST the same one.
-- A claim names its replica (claimed_by) and lapses at claim_expires_at: a replica that dies holding claims leaves
-- them to the others once they lapse (at-least-once across a crash, exactly once otherwise; docs/monitoring.md).
alter table webhook_delivery add column claimed_by text;
alter table webhook_delivery add column claim_expires_at timestamptz;
