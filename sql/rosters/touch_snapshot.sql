-- A pull with the same content as before: nothing changes but the time the desa was last heard from.
UPDATE roster.desa_snapshot SET snapshot_at = @Now WHERE kode_desa = @KodeDesa;
