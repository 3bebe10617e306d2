-- A pull with the same content as before: nothing changes but the time the desa was last heard from (migration 0110).
UPDATE roster.desa_snapshot SET heard_at = @Now WHERE kode_desa = @KodeDesa;

-- Kept per day too (migration 0113): the digest of a past week asks when each desa was last heard from before its end.
INSERT INTO roster.desa_heard (kode_desa, hari, heard_at)
VALUES (@KodeDesa, (@Now::timestamptz AT TIME ZONE 'Asia/Jakarta')::date, @Now)
ON CONFLICT (kode_desa, hari) DO UPDATE SET heard_at = greatest(roster.desa_heard.heard_at, excluded.heard_at);
