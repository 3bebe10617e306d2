-- What first_load_begin dropped, built over the file's records. They are those of migrations 0200, 0251 and 0255 word
-- for word (MembershipImportTests compares them with the migrated database's).
SET LOCAL maintenance_work_mem = '512MB';

CREATE INDEX record_nik_idx ON membership.record (nik);
CREATE INDEX record_tanggal_nama_idx ON membership.record (tanggal_lahir, nama_normal);
CREATE INDEX record_nama_nik_typo_idx ON membership.record (nama_normal, left(nik, 5), right(nik, 3));

-- The matcher plans its joins on these statistics; autovacuum would catch up only later.
ANALYZE membership.record;
