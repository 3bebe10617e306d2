-- Desa in the scope last heard from (a roster sent, changed or not: migration 0110) before the threshold, or that never
-- sent one; oldest first.
SELECT d.code AS kode_desa, d.name AS desa_name, greatest(s.snapshot_at, s.heard_at) AS snapshot_at, count(*) OVER ()::integer AS total
FROM ref.desa d
LEFT JOIN roster.desa_snapshot s ON s.kode_desa = d.code
WHERE d.code LIKE @Scope || '%'
  AND (s.snapshot_at IS NULL OR greatest(s.snapshot_at, s.heard_at) < @StaleBefore)
ORDER BY greatest(s.snapshot_at, s.heard_at) NULLS FIRST, d.code
LIMIT @Limit;
