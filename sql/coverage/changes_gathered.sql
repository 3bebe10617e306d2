-- Whether the changes gathered for the night (gather_changes) hold every change this kecamatan's state did not see:
-- gathered from no later than its snapshot's xmin, and nothing logged in the roster or the register since their
-- snapshot. Otherwise the shard gathers them again (a shard retried after an import, a shard run on its own).
SELECT EXISTS (
    SELECT 1
    FROM coverage.changed_entry_state g
    JOIN coverage.shard_state s ON s.kecamatan_code = @KodeKecamatan
    WHERE g.dari <= pg_snapshot_xmin(s.snapshot)
      AND NOT EXISTS (
          SELECT 1 FROM membership.record_change c
          WHERE c.xid >= pg_snapshot_xmin(g.snapshot) AND NOT pg_visible_in_snapshot(c.xid, g.snapshot))
      AND NOT EXISTS (
          SELECT 1 FROM roster.entry_change c
          WHERE c.xid >= pg_snapshot_xmin(g.snapshot) AND NOT pg_visible_in_snapshot(c.xid, g.snapshot)));
