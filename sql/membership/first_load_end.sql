-- What first_load_begin dropped, built over the file's records. They are those of migrations 0200, 0251 and 0255 word
-- for word (MembershipImportTests compares them with the migrated database's).
SET LOCAL maintenance_work_mem = '512MB';

-- A line the file repeats is one record, as in a later file's diff (replace_register): the office pasting its table
-- twice must not give its people two identical memberships, nor the next file a register twice its size to shrink from.
-- One pass over the keys; the delete finds nothing to join when no line repeats.
DELETE FROM membership.record r
USING (SELECT kunci, min(ctid) AS kept FROM membership.record GROUP BY kunci HAVING count(*) > 1) repeated
WHERE r.kunci = repeated.kunci AND r.ctid <> repeated.kept;

CREATE INDEX record_nik_idx ON membership.record (nik);
CREATE INDEX record_tanggal_nama_idx ON membership.record (tanggal_lahir, nama_normal);
CREATE INDEX record_nama_nik_typo_idx ON membership.record (nama_normal, left(nik, 5), right(nik, 3));

-- The matcher plans its joins on these statistics; autovacuum would catch up only later.
ANALYZE membership.record;
