-- A department's list of its batches (GET /api/v1/identity/batches, issue 15) filters on what kind of list a batch
-- was: a 附件2 roster (救助对象名单) or a 附件3 adjustment list (动态调整名单; JSON batches carry a change per
-- record, so they are adjustments). Only the upload's reader knows a file's layout, so it is stored with the batch.
-- Numbered 8.1, not 8, so a V8 written at the same time on another branch does not collide.
alter table batch add column kind text;

-- Existing batches: JSON ones are adjustments; a file with a fact other than NEW cannot be a roster (a roster's rows
-- are all NEW). Other files stay null ("not recorded"): a roster and an adjustment list of new persons look the same.
update batch set kind = 'ADJUSTMENT' where source = 'JSON';
update batch b set kind = 'ADJUSTMENT'
where kind is null and exists (select 1 from identity_fact f where f.batch_id = b.id and f.change <> 'NEW');

-- The list reads one department's batches newest first.
create index batch_department_received on batch (department, received_at desc, id);
