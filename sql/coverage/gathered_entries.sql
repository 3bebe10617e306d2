-- The entries of the kecamatan an incremental shard redoes because of the night's changes (coverage/gather_changes,
-- which must hold every change its state did not see: coverage/changes_gathered): those a change affects whose
-- transaction the snapshot of the kecamatan's state does not see. coverage/decided_and_due_entries adds the rest.
DROP TABLE IF EXISTS reconcile_scope;
CREATE TEMP TABLE reconcile_scope (entry_id bigint PRIMARY KEY) ON COMMIT DROP;

INSERT INTO reconcile_scope (entry_id)
SELECT DISTINCT c.entry_id
FROM coverage.changed_entry c
JOIN coverage.shard_state s ON s.kecamatan_code = @KodeKecamatan
WHERE c.kecamatan_code = @KodeKecamatan
  AND c.xid >= pg_snapshot_xmin(s.snapshot)
  AND NOT pg_visible_in_snapshot(c.xid, s.snapshot);
