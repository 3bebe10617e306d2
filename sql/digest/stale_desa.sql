-- Desa in the scope whose latest roster snapshot is older than the threshold, or that never sent one; oldest first.
SELECT d.code AS kode_desa, d.name AS desa_name, s.snapshot_at, count(*) OVER ()::integer AS total
FROM ref.desa d
LEFT JOIN roster.desa_snapshot s ON s.kode_desa = d.code
WHERE d.code LIKE @Scope || '%'
  AND (s.snapshot_at IS NULL OR s.snapshot_at < @StaleBefore)
ORDER BY s.snapshot_at NULLS FIRST, d.code
LIMIT @Limit;
