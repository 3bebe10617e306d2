-- The same file content was imported before and is still the latest snapshot of every desa it covered: when it was
-- taken, and how many of its bad rows are still quarantined (the village resent it unfixed). No row: the content is new.
-- Its desa were heard from now (migration 0110), as with a pull of unchanged content (touch_snapshot): a desa that
-- resends its roster unchanged is not silent (the digest lists desa without an update for 90 days).
WITH sebelumnya AS (
    SELECT i.id, i.imported_at
    FROM roster.import i
    WHERE i.jenis = 'FILE'
      AND i.sha256 = @Sha256
      AND ((i.desa_count > 0 AND i.desa_count = (SELECT count(*) FROM roster.desa_snapshot d WHERE d.import_id = i.id))
           OR (i.desa_count = 0 AND i.id = (SELECT max(id) FROM roster.import WHERE jenis = 'FILE')))
    ORDER BY i.id DESC
    LIMIT 1
),
terdengar AS (
    UPDATE roster.desa_snapshot d SET heard_at = @Now
    FROM sebelumnya s
    WHERE d.import_id = s.id
    RETURNING d.kode_desa
),
-- Kept per day too (migration 0113): the digest of a past week asks when each desa was last heard from before its end.
tercatat AS (
    INSERT INTO roster.desa_heard (kode_desa, hari, heard_at)
    SELECT t.kode_desa, (@Now::timestamptz AT TIME ZONE 'Asia/Jakarta')::date, @Now FROM terdengar t
    ON CONFLICT (kode_desa, hari) DO UPDATE SET heard_at = greatest(roster.desa_heard.heard_at, excluded.heard_at)
)
SELECT s.imported_at AS ImportedAt,
       (SELECT count(*)::int FROM roster.quarantine q WHERE q.import_id = s.id AND q.resolved_at IS NULL) AS StillQuarantined
FROM sebelumnya s;
