-- A full birth date stored in clear beside the mask (first 6 digits + check character) left about 91 candidates for
-- the number that is otherwise sealed at rest (docs/security.md, "Personal data"): a dump of this table would undo the
-- encryption. Keep only the birth year the person answer gives (about 33,000 candidates with the mask).
alter table person add column birth_year smallint;
update person set birth_year = extract(year from birth_date)::smallint;
alter table person alter column birth_year set not null;
alter table person drop column birth_date;
