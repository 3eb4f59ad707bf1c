-- Issue 11: person held the earlier mask (first 6 + 8 * + last 4, hiding only the birth date) beside the full birth
-- date, which together rebuilt the number. No consumer needs the birth date (no rule here depends on age), so it is
-- dropped; masks take the current shape (first 6 + 11 * + the check character, ResidentIdNumber.mask()). Alerts not yet
-- published (outbox) or delivered (webhook_delivery) are rewritten the same way.
alter table person drop column birth_date;

update person set masked_id_number = regexp_replace(masked_id_number, '^([0-9]{6})\*{8}[0-9]{3}([0-9X])$',
        '\1***********\2')
where masked_id_number ~ '^[0-9]{6}\*{8}[0-9]{3}[0-9X]$';

update outbox set payload = jsonb_set(payload::jsonb - 'birthDate', '{maskedIdNumber}',
        to_jsonb(regexp_replace(payload::jsonb ->> 'maskedIdNumber', '^([0-9]{6})\*{8}[0-9]{3}([0-9X])$',
                '\1***********\2')))::text
where jsonb_typeof(payload::jsonb -> 'maskedIdNumber') = 'string';
update outbox set payload = (payload::jsonb - 'birthDate')::text where payload::jsonb ? 'birthDate';

update webhook_delivery set payload = jsonb_set(payload::jsonb - 'birthDate', '{maskedIdNumber}',
        to_jsonb(regexp_replace(payload::jsonb ->> 'maskedIdNumber', '^([0-9]{6})\*{8}[0-9]{3}([0-9X])$',
                '\1***********\2')))::text
where jsonb_typeof(payload::jsonb -> 'maskedIdNumber') = 'string';
update webhook_delivery set payload = (payload::jsonb - 'birthDate')::text where payload::jsonb ? 'birthDate';
