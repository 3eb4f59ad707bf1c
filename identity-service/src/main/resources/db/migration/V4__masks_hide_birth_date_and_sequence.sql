-- Issue 11: the earlier mask (first 6 + 8 * + last 4) hid only the birth date, and identity.changed.v1 carried the
-- birth date beside it, so every record rebuilt the number. The mask is now first 6 + 11 * + the check character
-- (ResidentIdNumber.mask()) and no birth date is published. Stored masks of the earlier shape lose their sequence
-- digits; events still waiting in the outbox lose birthDate and are re-masked the same way before they are published.
update batch_row set masked_id = regexp_replace(masked_id, '^([0-9]{6})\*{8}[0-9]{3}([0-9X])$', '\1***********\2')
where masked_id ~ '^[0-9]{6}\*{8}[0-9]{3}[0-9X]$';

update outbox set payload = jsonb_set(payload::jsonb - 'birthDate', '{maskedIdNumber}',
        to_jsonb(regexp_replace(payload::jsonb ->> 'maskedIdNumber', '^([0-9]{6})\*{8}[0-9]{3}([0-9X])$',
                '\1***********\2')))::text
where jsonb_typeof(payload::jsonb -> 'maskedIdNumber') = 'string';
