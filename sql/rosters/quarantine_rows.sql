-- Bad rows into the quarantine (SPEC 2.1), once: an identical unresolved row is not added again, so a re-import changes nothing.
-- Earlier rejects of the same source or of a desa this snapshot covers are superseded by it and resolved.
UPDATE roster.quarantine q
SET resolved_at = @Now
WHERE q.resolved_at IS NULL
  AND (q.sumber = @Sumber OR regexp_replace(coalesce(q.kode_desa, ''), '[^0-9]', '', 'g') = ANY (@Desa::text[]))
  AND NOT EXISTS (
      SELECT 1 FROM roster_stage s
      WHERE s.alasan IS NOT NULL
        AND q.sumber = @Sumber AND q.baris = s.baris AND q.alasan = s.alasan
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
