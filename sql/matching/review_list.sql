-- Probable matches awaiting an admin's decision (SPEC 3.3) in a scope (a kode_desa prefix: 3604, a kecamatan or a
-- desa), the likeliest first: a correction in doubt (0.800) before a namesake (0.600) before an exact NIK under another
-- name (0.500); then by desa. @Limit NULL lists them all; total counts the scope's whole queue. Both sides' name and
-- birth date come along: they are what an admin compares (a person with several register records shows the first by KPJ).
SELECT m.entry_id AS id, e.kode_desa AS kodedesa, e.nik AS entrynik, e.nama AS entrynama, e.tanggal_lahir AS entrytanggallahir,
       m.member_nik AS membernik, r.nama AS membernama, r.tanggal_lahir AS membertanggallahir,
       m.metode, m.skor, m.alasan, count(*) OVER () AS total
FROM matching.match m
JOIN roster.entry e ON e.id = m.entry_id
LEFT JOIN LATERAL (
    SELECT r.nama, r.tanggal_lahir FROM membership.record r WHERE r.nik = m.member_nik ORDER BY r.kpj LIMIT 1
) r ON true
WHERE m.is_probable
  AND e.left_at IS NULL
  AND left(e.kode_desa, length(@Scope)) = @Scope
ORDER BY m.skor DESC, e.kode_desa, m.entry_id
LIMIT @Limit;
