-- Once per week's run: roster rows quarantined during the week (Jakarta), per desa as the village wrote it (SPEC 2.1);
-- codes are compared digits only. The regency sees every row, including those whose village code matches no desa.
SELECT q.code AS kode_desa, d.name AS desa_name, count(*)::integer AS rows
FROM (
    SELECT regexp_replace(coalesce(r.kode_desa, ''), '[^0-9]', '', 'g') AS code
    FROM roster.quarantine r
    WHERE r.quarantined_at >= @WeekStartsAt AND r.quarantined_at < @WeekEndsAt
) q
LEFT JOIN ref.desa d ON d.code = q.code
GROUP BY q.code, d.name;
