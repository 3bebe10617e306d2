-- The newest complete file is the truth as of its date: the register becomes exactly the file's records, in the
-- importing transaction, so readers see the old register or the new one and never a mix. Several records per person are
-- kept (SPEC 2.3). Only records that differ are deleted and inserted: a night changes about one record in a hundred, and
-- the register's change log (membership.record_change, read by incremental reconciliation) then holds just those.
-- A record is its whole row; a row identical to one already in the register is that record (duplicate lines of a
-- file do not matter to matching or coverage, which read records per NIK).
ANALYZE membership_staging;

DELETE FROM membership.record r
WHERE NOT EXISTS (
    SELECT 1 FROM membership_staging s
    WHERE s.nik = r.nik AND s.kpj = r.kpj
      AND (s.nama, s.nama_normal, s.tanggal_lahir, s.segmen, s.program, s.status, s.iuran_sampai)
          IS NOT DISTINCT FROM (r.nama, r.nama_normal, r.tanggal_lahir, r.segmen, r.program, r.status, r.iuran_sampai));

-- The records to add are set aside first: an INSERT that read its own target table would rescan the rows it is adding
-- (quadratic on a first import, when the planner sees an empty register).
CREATE TEMP TABLE membership_added ON COMMIT DROP AS
SELECT nik, kpj, nama, nama_normal, tanggal_lahir, segmen, program, status, iuran_sampai
FROM membership_staging s
WHERE NOT EXISTS (
    SELECT 1 FROM membership.record r
    WHERE r.nik = s.nik AND r.kpj = s.kpj
      AND (s.nama, s.nama_normal, s.tanggal_lahir, s.segmen, s.program, s.status, s.iuran_sampai)
          IS NOT DISTINCT FROM (r.nama, r.nama_normal, r.tanggal_lahir, r.segmen, r.program, r.status, r.iuran_sampai));

INSERT INTO membership.record (nik, kpj, nama, nama_normal, tanggal_lahir, segmen, program, status, iuran_sampai)
SELECT nik, kpj, nama, nama_normal, tanggal_lahir, segmen, program, status, iuran_sampai
FROM membership_added;
