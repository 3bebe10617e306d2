-- The same file content was imported before and is still the latest snapshot of every desa it covered: when it was
-- taken, and how many of its bad rows are still quarantined (the village resent it unfixed). No row: the content is new.
SELECT i.imported_at AS ImportedAt,
       (SELECT count(*)::int FROM roster.quarantine q WHERE q.sumber = i.sumber AND q.resolved_at IS NULL) AS StillQuarantined
FROM roster.import i
WHERE i.jenis = 'FILE'
  AND i.sha256 = @Sha256
  AND ((i.desa_count > 0 AND i.desa_count = (SELECT count(*) FROM roster.desa_snapshot d WHERE d.import_id = i.id))
       OR (i.desa_count = 0 AND i.id = (SELECT max(id) FROM roster.import WHERE jenis = 'FILE')))
ORDER BY i.id DESC
LIMIT 1;
