-- Bad rows into the quarantine (SPEC 2.1), once: an identical unresolved row is not added again, so a re-import changes nothing.
-- Earlier rejects this snapshot supersedes are resolved: those of a desa it lists in full (every role: a village that
-- names its files by date sends each snapshot under another name), and those of the same source for a desa it lists or
-- without a desa one can tell. A source of some roles only (OpenSID) does not supersede another's rejects, and a file
-- of one desa does not supersede a file of the same name from another desa, and in a desa an OpenSID feed pulls or an
-- OpenSID export wrote (@FeedDesa) a file does not supersede OpenSID's rejects (RosterSnapshotRoles).
UPDATE roster.quarantine q
SET resolved_at = @Now
WHERE q.resolved_at IS NULL
  -- Each branch by its index (migrations 0106, 0109): the desa's digits, the source.
  AND ((q.kode_desa_angka = ANY (@Desa::text[])
        AND ((@Perans::text[] IS NULL
              AND NOT (q.kode_desa_angka = ANY (@FeedDesa::text[])
                       AND EXISTS (SELECT 1 FROM roster.import i WHERE i.id = q.import_id AND (i.jenis = 'FEED' OR i.perans IS NOT NULL))))
             OR q.sumber = @Sumber))
       OR (q.sumber = @Sumber
           AND NOT EXISTS (SELECT 1 FROM ref.desa d WHERE d.code = q.kode_desa_angka)))
  AND NOT EXISTS (
      SELECT 1 FROM roster_stage s
      WHERE s.alasan IS NOT NULL
        AND q.sumber = @Sumber AND q.baris = s.baris AND q.alasan = s.alasan
        AND q.kode_desa IS NOT DISTINCT FROM coalesce(s.kode_desa_asli, s.kode_desa)
        AND q.nik IS NOT DISTINCT FROM coalesce(s.nik_asli, s.nik)
        AND q.nama IS NOT DISTINCT FROM s.nama);

-- A reject whose desa code is no desa, from an earlier file of one desa, is that desa's: a snapshot listing the desa in full
-- supersedes it as it does the desa's other rejects (its own file's were resolved above).
UPDATE roster.quarantine q
SET resolved_at = @Now
FROM roster.import i
WHERE @Perans::text[] IS NULL
  AND i.jenis = 'FILE' AND i.perans IS NULL AND i.kode_desa = ANY (@Desa::char(10)[])
  AND q.import_id = i.id AND q.resolved_at IS NULL AND q.sumber <> @Sumber
  AND NOT EXISTS (SELECT 1 FROM ref.desa d WHERE d.code = q.kode_desa_angka);

-- A reject whose desa code is no desa, from an earlier file of several desa, is superseded by the same bad row rejected
-- anew in a file of several desa (the new copy stays): a village that names its kecamatan-wide file by date resent it
-- under new names, and each left its copy of the same rejects. Listing the NIK alone is no proof of a fix: another
-- kecamatan's file may list the same person in another role.
UPDATE roster.quarantine q
SET resolved_at = @Now
FROM roster.import i
WHERE @Perans::text[] IS NULL AND cardinality(@Desa::text[]) > 1
  AND i.jenis = 'FILE' AND i.perans IS NULL AND i.kode_desa IS NULL
  AND q.import_id = i.id AND q.resolved_at IS NULL AND q.sumber <> @Sumber
  AND NOT EXISTS (SELECT 1 FROM ref.desa d WHERE d.code = q.kode_desa_angka)
  AND EXISTS (
      SELECT 1 FROM roster_stage s
      WHERE s.alasan = q.alasan
        AND q.kode_desa IS NOT DISTINCT FROM coalesce(s.kode_desa_asli, s.kode_desa)
        AND q.nik IS NOT DISTINCT FROM coalesce(s.nik_asli, s.nik)
        AND q.nama IS NOT DISTINCT FROM s.nama);

INSERT INTO roster.quarantine (sumber, baris, kode_desa, nik, nama, alasan, quarantined_at, import_id)
SELECT @Sumber, s.baris, coalesce(s.kode_desa_asli, s.kode_desa), coalesce(s.nik_asli, s.nik), s.nama, s.alasan, @Now, @ImportId
FROM roster_stage s
WHERE s.alasan IS NOT NULL
  AND NOT EXISTS (
      SELECT 1 FROM roster.quarantine q
      WHERE q.resolved_at IS NULL
        AND q.sumber = @Sumber AND q.baris = s.baris AND q.alasan = s.alasan
        AND q.kode_desa IS NOT DISTINCT FROM coalesce(s.kode_desa_asli, s.kode_desa)
        AND q.nik IS NOT DISTINCT FROM coalesce(s.nik_asli, s.nik)
        AND q.nama IS NOT DISTINCT FROM s.nama);
