-- SPEC 2.1: when each desa last sent a snapshot, and from which import (for skipping the same file again).
INSERT INTO roster.desa_snapshot (kode_desa, sumber, snapshot_at, heard_at, import_id)
SELECT desa, @Sumber, @Now, @Now, @ImportId FROM unnest(@Desa::text[]) AS desa
ON CONFLICT (kode_desa) DO UPDATE
SET sumber = excluded.sumber, snapshot_at = excluded.snapshot_at, heard_at = excluded.heard_at, import_id = excluded.import_id;

-- Kept per day too (migration 0113): the digest of a past week asks when each desa was last heard from before its end.
INSERT INTO roster.desa_heard (kode_desa, hari, heard_at)
SELECT desa, (@Now::timestamptz AT TIME ZONE 'Asia/Jakarta')::date, @Now FROM unnest(@Desa::text[]) AS desa
ON CONFLICT (kode_desa, hari) DO UPDATE SET heard_at = greatest(roster.desa_heard.heard_at, excluded.heard_at);

UPDATE roster.import
SET rows_taken = @Taken, rows_changed = @Changed, rows_left = @Left, rows_quarantined = @Quarantined
WHERE id = @ImportId;
