-- Issue 11: raw ID numbers and names are encrypted at rest (AES-256-GCM, PersonCipher) with the key's id beside them
-- for rotation; lookups go by person_ref (the HMAC), never by the number. The mask shown in answers and batch reports
-- is stored (it may be published, docs/security.md) so no query needs the raw number. Rows written before this
-- migration keep their plaintext until PersonEncryption seals them at the next start (a Java job: the key comes from
-- configuration, which a SQL migration must not see); it then clears id_number and name.
alter table person
    add column masked_id     text,
    add column id_number_enc bytea,
    add column name_enc      bytea,
    add column key_id        text;
update person set masked_id = left(id_number, 6) || '***********' || right(id_number, 1);
alter table person alter column masked_id set not null;
alter table person alter column id_number drop not null;
-- every row holds its number either sealed (with its key id) or, until the job has run, in plaintext
alter table person add constraint person_id_number_held
    check ((id_number_enc is not null and key_id is not null) or id_number is not null);
create index person_unsealed on person (person_ref) where id_number is not null;
