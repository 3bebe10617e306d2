-- Desa in the scope last heard from (a roster sent, changed or not: migration 0110) before the threshold, or never; oldest
-- first. As of the week's end, not when the digest is composed: roster.desa_snapshot holds only the latest times, which a
-- later pull or file moves, so they count only when they lie before the week's end; otherwise the last day the desa was
-- heard from within the week or before it is read from roster.desa_heard (migration 0113, a row per desa and Jakarta day,
-- so hari <= the week's Sunday is heard_at before its end), one row by its key for each desa. A desa that first sent its
-- roster after the week's end was, in that week, one that never had.
SELECT d.code AS kode_desa, d.name AS desa_name, h.heard_at AS snapshot_at, count(*) OVER ()::integer AS total
FROM ref.desa d
LEFT JOIN roster.desa_snapshot s ON s.kode_desa = d.code
CROSS JOIN LATERAL (
    SELECT greatest(
        CASE WHEN s.snapshot_at < @WeekEndsAt THEN s.snapshot_at END,
        CASE WHEN s.heard_at < @WeekEndsAt THEN s.heard_at END,
        (SELECT k.heard_at
         FROM roster.desa_heard k
         WHERE k.kode_desa = d.code AND k.hari <= @WeekEnd::date
         ORDER BY k.hari DESC
         LIMIT 1)) AS heard_at
) h
WHERE d.code LIKE @Scope || '%'
  AND (h.heard_at IS NULL OR h.heard_at < @StaleBefore)
ORDER BY h.heard_at NULLS FIRST, d.code
LIMIT @Limit;
