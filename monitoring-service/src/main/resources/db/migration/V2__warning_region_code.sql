-- The 6-digit area (GB/T 2260) of the settlement that crossed the line: the person's insured area as that settlement
-- states it (settlement.completed.v1 regionCode). policy_region names only the policy region (360400), so a county's
-- department (360402) could not be told apart from its neighbours without it. Partners see warnings of their area by
-- this code (docs/monitoring.md, "Who may call what"). Warnings raised before it existed get their policy region.
alter table warning add column region_code text;
update warning set region_code = policy_region where region_code is null;
alter table warning alter column region_code set not null;
