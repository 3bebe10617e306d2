-- The birth date the village wrote, when its file or feed had one (SPEC 2.1: optional). The NIK's date stays the one
-- matching uses (SPEC 3.1); this one is the village's independent testimony: a NIK whose birth-date digits look mistyped is
-- only corrected toward a register person born on another day when the village did not write the NIK's own date
-- (docs/matching.md, rule 2). NULL: the source had no birth date.
ALTER TABLE roster.entry ADD COLUMN tanggal_lahir_tertulis date;
