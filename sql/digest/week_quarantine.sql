-- Once per week's run: roster rows quarantined during the week (Jakarta) and still waiting for a fix at its end (a row a
-- corrected file resolved is no longer the village's to fix), per desa as the village wrote it (SPEC 2.1);
-- codes are compared digits only. The regency sees every row, including those whose village code matches no desa.
SELECT r.kode_desa_angka AS kode_desa, d.name AS desa_name, count(*)::integer AS rows
FROM roster.quarantine r
LEFT JOIN ref.desa d ON d.code = r.kode_desa_angka
WHERE r.quarantined_at >= @WeekStartsAt AND r.quarantined_at < @WeekEndsAt
  AND (r.resolved_at IS NULL OR r.resolved_at >= @WeekEndsAt)
GROUP BY r.kode_desa_angka, d.name;
