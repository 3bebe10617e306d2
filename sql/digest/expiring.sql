-- Members whose paid-through day falls in the coming window: enrolment renewals to chase before coverage lapses (SPEC 3.2).
SELECT
    s.kode_desa,
    d.name AS desa_name,
    e.nik,
    e.nama,
    s.peran,
    s.iuran_sampai,
    count(*) OVER ()::integer AS total
FROM coverage.entry_status s
JOIN roster.entry e ON e.id = s.entry_id
JOIN ref.desa d ON d.code = s.kode_desa
WHERE s.kode_desa LIKE @Scope || '%'
  AND (char_length(@Scope) = 4 OR s.kecamatan_code = left(@Scope, 6))
  AND s.status IN ('COVERED', 'EXPIRING', 'PARTIAL')
  AND s.iuran_sampai >= @From::date
  AND s.iuran_sampai < @From::date + @WithinDays
  AND e.left_at IS NULL
ORDER BY s.iuran_sampai, s.kode_desa, e.nama
LIMIT @Limit;
