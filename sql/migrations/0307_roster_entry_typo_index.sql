-- The night's gathering (sql/coverage/gather_changes.sql) finds the entries a register person arriving or leaving may
-- now be a rule 2 candidate for (a typo in the birth-date digits: same name, NIK digits 1-5 and 14-16 kept) by this
-- index, as the matcher finds such candidates in the register (record_nama_nik_typo_idx, migration 0255): without it,
-- each night hashed a million entries (0.6-0.9 s, before any shard could start). A first import builds it with the
-- others at its end (sql/rosters/bulk_begin.sql, bulk_end.sql).
CREATE INDEX entry_nama_nik_typo_idx ON roster.entry (nama_normal, left(nik, 5), right(nik, 3));
