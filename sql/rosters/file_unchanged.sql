-- The same file content was imported before and is still the latest snapshot of every desa it covered.
SELECT EXISTS (
    SELECT 1
    FROM roster.import i
    WHERE i.jenis = 'FILE'
      AND i.sha256 = @Sha256
      AND ((i.desa_count > 0 AND i.desa_count = (SELECT count(*) FROM roster.desa_snapshot d WHERE d.import_id = i.id))
           OR (i.desa_count = 0 AND i.id = (SELECT max(id) FROM roster.import WHERE jenis = 'FILE'))));
