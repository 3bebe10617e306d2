-- The first file into a register no file has filled yet: the register becomes exactly the file's records, in the
-- importing transaction. Nothing can be diffed against, so the secondary indexes are built once after the load: kept up
-- row by row they cost three times the load itself (5,000,000 records: 242 s against ~76 s, docs/benchmark-rosters.md).
-- They are those of migrations 0200, 0251 and 0255 word for word (MembershipImportTests compares them with the
-- migrated database's). Records written without an import (by hand) are not the truth of any file: they go.
SET LOCAL maintenance_work_mem = '512MB';
TRUNCATE membership.record;

DROP INDEX membership.record_nik_idx, membership.record_tanggal_nama_idx, membership.record_nama_nik_typo_idx;

INSERT INTO membership.record (nik, kpj, nama, nama_normal, tanggal_lahir, segmen, program, status, iuran_sampai)
SELECT nik, kpj, nama, nama_normal, tanggal_lahir, segmen, program, status, iuran_sampai
FROM membership_staging;

CREATE INDEX record_nik_idx ON membership.record (nik);
CREATE INDEX record_tanggal_nama_idx ON membership.record (tanggal_lahir, nama_normal);
CREATE INDEX record_nama_nik_typo_idx ON membership.record (nama_normal, left(nik, 5), right(nik, 3));

-- The matcher plans its joins on these statistics; autovacuum would catch up only later.
ANALYZE membership.record;
