-- Once per week's run, per desa: the members whose paid-through day falls in the coming window (SPEC 3.2). One pass over
-- the regency; each digest sums its own desa.
SELECT
    s.kode_desa,
    (count(*) FILTER (WHERE s.status IN ('COVERED', 'EXPIRING', 'PARTIAL')
        AND s.iuran_sampai >= @From::date AND s.iuran_sampai < @From::date + @WithinDays))::integer AS expiring
FROM coverage.entry_status s
JOIN roster.entry e ON e.id = s.entry_id
JOIN ref.desa d ON d.code = s.kode_desa
WHERE e.left_at IS NULL
GROUP BY s.kode_desa;
