-- SPEC 3.2: a flag opens on the day a non-COVERED status first appears for an entry and resolves on the day it is gone;
-- both are kept. Only for a day at or after the kecamatan's latest FULL day. A second run of the same day replays it:
-- what an earlier run of the day did is taken back first (a flag opened today and now gone is withdrawn, not resolved;
-- a flag resolved today and now present again is reopened), so the day ends as if it had run once, on the latest data.
-- Only the entries in reconcile_scope: an incremental shard leaves the others' flags as they are, which is what a full
-- shard would do with their unchanged statuses.
DELETE FROM coverage.flag f
USING scope_entry e, ref.desa d
WHERE f.entry_id = e.id
  AND d.code = e.kode_desa
  AND d.kecamatan_code = @KodeKecamatan
  AND f.opened_on = @AsOf
  AND NOT EXISTS (SELECT 1 FROM coverage_shard s WHERE s.entry_id = f.entry_id AND s.status = f.status);

UPDATE coverage.flag f
SET resolved_on = NULL
FROM coverage_shard s
WHERE s.entry_id = f.entry_id
  AND s.status = f.status
  AND f.resolved_on = @AsOf;

-- Entries that left the roster are not in coverage_shard: their open flags resolve too.
UPDATE coverage.flag f
SET resolved_on = @AsOf
FROM scope_entry e
JOIN ref.desa d ON d.code = e.kode_desa
WHERE f.entry_id = e.id
  AND d.kecamatan_code = @KodeKecamatan
  AND f.resolved_on IS NULL
  AND NOT EXISTS (SELECT 1 FROM coverage_shard s WHERE s.entry_id = f.entry_id AND s.status = f.status);

-- The open-flag key decides, row by row through its unique index: a NOT EXISTS left the plan to the statistics, and
-- with coverage.flag analysed while empty a shard rescanned every flag of the shards before it for each of its rows.
INSERT INTO coverage.flag (entry_id, status, opened_on)
SELECT s.entry_id, s.status, @AsOf
FROM coverage_shard s
WHERE s.status <> 'COVERED'
ON CONFLICT (entry_id, status) WHERE resolved_on IS NULL DO NOTHING;
