-- The clause of the rule behind each payment line (docs/settlement-api.md "Applications"): an application's
-- adjustments are shown with the clause whose arithmetic gave them. Lines written before this migration keep null.
alter table payment add column clause text;

-- An application's adjustments are found by their cause (the application's id); only adjustment lines are indexed,
-- so the bulk path's original lines do not pay for it.
create index payment_adjustment_cause on payment (cause_id) where kind = 'ADJUSTMENT';
