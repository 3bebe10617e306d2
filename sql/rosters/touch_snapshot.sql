-- A pull with the same content as before: nothing changes but the time the desa was last heard from (migration 0110).
UPDATE roster.desa_snapshot SET heard_at = @Now WHERE kode_desa = @KodeDesa;
