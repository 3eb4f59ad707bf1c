-- A batch belongs to the partner that pushed it: a department AND an area (民政 of Shanxi 140000 and 民政 of Jiujiang
-- 360400 are two partners). Until now the idempotency key was (department, department_reference), so one area's
-- push could be answered with another area's report (and not stored). The area is:
--   * a department partner's push: its X-Onestop-Region (6 digits, e.g. 140000);
--   * an internal push (no trust headers): the smallest area holding every regionCode of the batch (a CSV file: its
--     regionCode; JSON records all in 140105 → 140105, in 140105 and 140106 → 140100, in 14… and 36… → 000000);
--   * '000000' when nothing narrower is known. No department partner reads a '000000' batch; operators and internal
--     callers read every batch.
alter table batch add column area text;

-- Existing batches: the same rule over the regions of their accepted rows (the smallest common area of min and max
-- is that of the whole set); batches without an accepted row get '000000'.
update batch b set area = case
        when f.mn = f.mx then f.mn
        when left(f.mn, 4) = left(f.mx, 4) then left(f.mn, 4) || '00'
        when left(f.mn, 2) = left(f.mx, 2) then left(f.mn, 2) || '0000'
        else '000000' end
from (select batch_id, min(region_code) as mn, max(region_code) as mx from identity_fact group by batch_id) f
where f.batch_id = b.id;
update batch set area = '000000' where area is null;
alter table batch alter column area set not null;

-- One batch per (department, area, department_reference) and per (department, area, content).
alter table batch drop constraint batch_reference_unique;
alter table batch drop constraint batch_content_unique;
alter table batch add constraint batch_reference_unique unique (department, area, department_reference);
alter table batch add constraint batch_content_unique unique (department, area, content_hash);
