-- SPEC 2.1: when each desa last sent a snapshot, and from which import (for skipping the same file again).
INSERT INTO roster.desa_snapshot (kode_desa, sumber, snapshot_at, heard_at, import_id)
SELECT desa, @Sumber, @Now, @Now, @ImportId FROM unnest(@Desa::text[]) AS desa
ON CONFLICT (kode_desa) DO UPDATE
SET sumber = excluded.sumber, snapshot_at = excluded.snapshot_at, heard_at = excluded.heard_at, import_id = excluded.import_id;

UPDATE roster.import
SET rows_taken = @Taken, rows_changed = @Changed, rows_left = @Left, rows_quarantined = @Quarantined
WHERE id = @ImportId;
