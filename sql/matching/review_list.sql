-- Probable matches awaiting an admin's decision (SPEC 3.3) in a scope (a kode_desa prefix: 3604, a kecamatan or a
-- desa), the likeliest first: a correction in doubt (0.800) before a namesake (0.600) before an exact NIK under another
-- name (0.500); then by desa. @Limit NULL lists them all; total counts the scope's whole queue.
SELECT m.entry_id AS id, e.kode_desa AS kodedesa, e.nik AS entrynik, m.member_nik AS membernik, m.metode, m.skor, m.alasan,
       count(*) OVER () AS total
FROM matching.match m
JOIN roster.entry e ON e.id = m.entry_id
WHERE m.is_probable
  AND left(e.kode_desa, length(@Scope)) = @Scope
ORDER BY m.skor DESC, e.kode_desa, m.entry_id
LIMIT @Limit;
