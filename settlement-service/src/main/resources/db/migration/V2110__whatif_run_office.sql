-- Which office asked for a run (the caller's client id): the limit of queued and running runs is per office
-- (docs/what-if.md "Limits"). Runs stored before have none and count for nobody.
alter table whatif_run add column office text;
create index whatif_run_active_by_office on whatif_run (office) where status in ('QUEUED', 'RUNNING');
