-- Roster rows quarantined during the week, per desa as the village wrote it (SPEC 2.1); codes are compared digits only.
-- The regency sees every row, including those whose village code matches no desa.
SELECT q.code AS kode_desa, d.name AS desa_name, count(*)::integer AS rows
FROM (
    SELECT regexp_replace(coalesce(r.kode_desa, ''), '[^0-9]', '', 'g') AS code
    FROM roster.quarantine r
    WHERE r.quarantined_at >= @WeekStartsAt AND r.quarantined_at < @WeekEndsAt
) q
LEFT JOIN ref.desa d ON d.code = q.code
WHERE char_length(@Scope) = 4 OR q.code LIKE @Scope || '%'
GROUP BY q.code, d.name
ORDER BY count(*) DESC, q.code;
