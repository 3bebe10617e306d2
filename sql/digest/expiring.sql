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
WHERE s.kode_desa BETWEEN rpad(@Scope, 10, '0')::char(10) AND rpad(@Scope, 10, '9')::char(10)
  AND s.status IN ('COVERED', 'EXPIRING', 'PARTIAL')
  AND s.iuran_sampai >= @From::date
  AND s.iuran_sampai < @From::date + @WithinDays
  AND e.left_at IS NULL
ORDER BY s.iuran_sampai, s.kode_desa, e.nama
LIMIT @Limit;
