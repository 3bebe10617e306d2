-- Probable matches awaiting an admin's decision (SPEC 3.3) in a scope (a kode_desa prefix: 3604, a kecamatan or a
-- desa), the likeliest first: a correction in doubt (0.800) before a namesake (0.600) before an exact NIK under another
-- name (0.500); then by desa. @Limit NULL lists them all; total counts the scope's whole queue. Both sides' name and
-- birth date come along: they are what an admin compares (a person with several register records shows the first by KPJ).
-- The register side is looked up for the rows shown only: `--limit 20` of a regency's ~100,000 looked up every one.
WITH antrian AS (
    SELECT m.entry_id, e.kode_desa, e.nik, e.nama, e.tanggal_lahir, m.member_nik, m.metode, m.skor, m.alasan,
           count(*) OVER () AS total
    FROM matching.match m
    JOIN roster.entry e ON e.id = m.entry_id
    WHERE m.is_probable
      AND e.left_at IS NULL
      AND left(e.kode_desa, length(@Scope)) = @Scope
    ORDER BY m.skor DESC, e.kode_desa, m.entry_id
    LIMIT @Limit
)
SELECT a.entry_id AS id, a.kode_desa AS kodedesa, a.nik AS entrynik, a.nama AS entrynama, a.tanggal_lahir AS entrytanggallahir,
       a.member_nik AS membernik, r.nama AS membernama, r.tanggal_lahir AS membertanggallahir,
       a.metode, a.skor, a.alasan, a.total
FROM antrian a
LEFT JOIN LATERAL (
    SELECT r.nama, r.tanggal_lahir FROM membership.record r WHERE r.nik = a.member_nik ORDER BY r.kpj LIMIT 1
) r ON true
ORDER BY a.skor DESC, a.kode_desa, a.entry_id;
