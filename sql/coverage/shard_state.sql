-- The kecamatan's latest day that moved the present state, whether this day is recorded already, and what an
-- incremental shard needs: the state the present status was computed from, and whether the register or the roster changed
-- wholesale since. snapshot is what this shard reads from now on (a READ COMMITTED statement's snapshot: later statements see
-- at least as much), stored with the state so the next shard redoes whatever it could not see.
SELECT
    (SELECT max(r.as_of) FROM coverage.run r WHERE r.kecamatan_code = @KodeKecamatan AND r.mode = 'FULL') AS latest_full,
    EXISTS (SELECT 1 FROM coverage.run r WHERE r.kecamatan_code = @KodeKecamatan AND r.as_of = @AsOf) AS recorded,
    pg_current_snapshot()::text AS snapshot,
    s.as_of AS computed_as_of,
    s.expiring_window_days AS computed_window_days,
    s.serial_difference AS computed_serial_difference,
    EXISTS (
        SELECT 1 FROM membership.record_change c
        WHERE c.xid >= pg_snapshot_xmin(s.snapshot)
          AND c.nik IS NULL
          AND NOT pg_visible_in_snapshot(c.xid, s.snapshot))
    OR EXISTS (
        SELECT 1 FROM roster.entry_change c
        WHERE c.xid >= pg_snapshot_xmin(s.snapshot)
          AND c.nik IS NULL AND c.id_dari IS NULL
          AND NOT pg_visible_in_snapshot(c.xid, s.snapshot)) AS wholesale_change
FROM (SELECT 1) kecamatan
LEFT JOIN coverage.shard_state s ON s.kecamatan_code = @KodeKecamatan;
