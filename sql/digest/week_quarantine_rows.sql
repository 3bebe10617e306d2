-- Once per week's run: per desa, the first @Limit roster rows quarantined during the week (Jakarta) and not resolved by
-- its end, by file and row,
-- with the reason and never a value (SPEC 6): what a desa's own email lists, so its operator can correct the file
-- without asking the regency for `export rejects`. Rows whose village code is no desa are in no desa's email.
SELECT d.code AS kode_desa, q.sumber, q.baris, q.alasan
FROM (
    SELECT r.sumber, r.baris, r.alasan, r.kode_desa_angka AS code,
           row_number() OVER (PARTITION BY r.kode_desa_angka ORDER BY r.sumber, r.baris) AS place
    FROM roster.quarantine r
    WHERE r.quarantined_at >= @WeekStartsAt AND r.quarantined_at < @WeekEndsAt
      AND (r.resolved_at IS NULL OR r.resolved_at >= @WeekEndsAt)
) q
JOIN ref.desa d ON d.code = q.code
WHERE q.place <= @Limit
ORDER BY d.code, q.sumber, q.baris;
