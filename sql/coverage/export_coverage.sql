-- SPEC 5 export coverage: one row per active roster entry as last reconciled, in the scope (a code prefix:
-- 3604 for the regency, 6 digits for a kecamatan, 10 for a desa). Read as a stream, never buffered. A person who left
-- the roster since the last reconcile is not listed (SPEC 2.1: no longer counted), though their status stays until then.
SELECT s.kode_desa, e.nik, e.nama, s.peran, s.status, s.kpj, s.metode, s.skor, s.alasan
FROM coverage.entry_status s
JOIN roster.entry e ON e.id = s.entry_id
WHERE left(s.kode_desa, length(@Scope)) = @Scope
  AND e.left_at IS NULL
ORDER BY s.kode_desa, e.nik, s.peran;
