-- The version the names are now written with. When names changed, every candidate (matching.kandidat keeps the name it
-- was found by) is stale: every kecamatan's next shard recomputes in full.
DELETE FROM coverage.shard_state WHERE @Changed;

INSERT INTO matching.nama_normal_versi (versi) VALUES (@Versi)
ON CONFLICT (satu) DO UPDATE SET versi = excluded.versi;
