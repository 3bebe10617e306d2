-- The entries of the kecamatan an incremental shard redoes, from the changes gathered for the night (gather_changes):
-- those affected by a change whose transaction the shard's state did not see. What coverage/changed_entries computes
-- from the change logs, when the gathering holds every such change (coverage/changes_gathered).
DROP TABLE IF EXISTS reconcile_scope;
CREATE TEMP TABLE reconcile_scope (entry_id bigint PRIMARY KEY) ON COMMIT DROP;

INSERT INTO reconcile_scope (entry_id)
SELECT DISTINCT c.entry_id
FROM coverage.changed_entry c
JOIN coverage.shard_state s ON s.kecamatan_code = @KodeKecamatan
WHERE c.kecamatan_code = @KodeKecamatan
  AND c.xid >= pg_snapshot_xmin(s.snapshot)
  AND NOT pg_visible_in_snapshot(c.xid, s.snapshot);
