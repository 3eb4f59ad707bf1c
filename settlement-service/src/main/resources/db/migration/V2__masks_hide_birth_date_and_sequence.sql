-- Issue 11: masks take the shape ResidentIdNumber.mask() gives (first 6 + 11 * + the check character). The earlier
-- shape (first 6 + 8 * + last 4) hid only the birth date: alone it left ~4,900 candidates, beside a birth date one.
update person set masked_id = regexp_replace(masked_id, '^([0-9]{6})\*{8}[0-9]{3}([0-9X])$', '\1***********\2')
where masked_id ~ '^[0-9]{6}\*{8}[0-9]{3}[0-9X]$';
update grant_application set masked_id = regexp_replace(masked_id, '^([0-9]{6})\*{8}[0-9]{3}([0-9X])$',
        '\1***********\2')
where masked_id ~ '^[0-9]{6}\*{8}[0-9]{3}[0-9X]$';
