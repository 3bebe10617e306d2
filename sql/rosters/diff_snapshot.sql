-- The snapshot of SPEC 2.1/2.2 for the covered desa (@Desa), limited to @Perans when the source only knows some roles,
-- and, in the desa an OpenSID feed pulls (@FeedDesa), to the roles that are not the feed's (@FeedPerans; RosterSnapshotRoles):
-- listed rows appear (or come back), change when their content differs, and listed-before-but-absent rows leave.
-- A person whose row was quarantined this time does not leave: the village listed them, badly. The row is theirs when it
-- has their NIK (in their desa, or with a desa code that is none) or, when its NIK could not be read (Excel turned it
-- into a number, a digit too few), their name in their desa, or in a file of one desa with no desa code at all.
-- One full join of the snapshot with the desa's entries finds all three (it was two joins of a million rows each), and what
-- differs is written down (analysed when big: analyze_diff): an hourly snapshot changes a few thousand rows, an unchanged row
-- costs nothing more. rosters/merge_snapshot writes the differences.
DROP TABLE IF EXISTS roster_diff; -- the previous file's, in a run of files (RosterBatch)

CREATE TEMP TABLE roster_diff ON COMMIT DROP AS
SELECT s.nik IS NOT NULL AS listed, s.kode_desa, s.nik, s.peran, s.nama, s.nama_normal, s.tanggal_lahir, s.tanggal_lahir_tertulis, s.jenis_kelamin, s.no_hp, s.peringatan,
       e.id AS entry_id, e.left_at AS was_left_at
FROM (SELECT * FROM roster_stage WHERE alasan IS NULL) s
FULL JOIN (SELECT * FROM roster.entry WHERE kode_desa = ANY (@Desa::char(10)[])) e
       ON e.kode_desa = s.kode_desa AND e.nik = s.nik AND e.peran = s.peran
WHERE CASE
          WHEN e.id IS NULL THEN true
          WHEN s.nik IS NULL THEN e.left_at IS NULL
                                  AND (@Perans::text[] IS NULL OR e.peran = ANY (@Perans::text[]))
                                  AND NOT (e.kode_desa = ANY (@FeedDesa::char(10)[]) AND e.peran = ANY (@FeedPerans::text[]))
                                  AND NOT EXISTS (
                                      SELECT 1 FROM roster_stage q
                                      WHERE q.alasan IS NOT NULL AND q.nik = e.nik
                                        -- without a desa: its code was not one (a typo), and the snapshot's desa are its own
                                        AND (q.kode_desa = e.kode_desa OR q.kode_desa IS NULL))
                                  AND NOT EXISTS (
                                      SELECT 1 FROM roster_stage q
                                      WHERE q.alasan IS NOT NULL AND q.nik IS NULL AND q.kode_desa = e.kode_desa
                                        AND q.nama_normal = e.nama_normal)
                                  -- without a desa either (the cell empty, or a code that is none): in a file of one desa the
                                  -- row is that desa's; in a file of several it could be anyone's of that name, and keeps nobody
                                  AND NOT EXISTS (
                                      SELECT 1 FROM roster_stage q
                                      WHERE cardinality(@Desa::char(10)[]) = 1
                                        AND q.alasan IS NOT NULL AND q.nik IS NULL AND q.kode_desa IS NULL
                                        AND q.nama_normal = e.nama_normal)
          ELSE e.left_at IS NOT NULL
               OR (e.nama, e.tanggal_lahir, e.tanggal_lahir_tertulis, e.jenis_kelamin, e.no_hp, e.peringatan)
                  IS DISTINCT FROM (s.nama, s.tanggal_lahir, s.tanggal_lahir_tertulis, s.jenis_kelamin, s.no_hp, s.peringatan)
      END;
