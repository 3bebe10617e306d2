-- The present status of the kecamatan's entries in reconcile_scope: an entry that left drops out, a new or changed row
-- is written with the day, and an unchanged row is left alone, so as_of is the day the row last changed (the state holds
-- as of the kecamatan's latest FULL day, coverage.run). A full and an incremental shard therefore write the same rows.
-- The entries that left (few) are found among the temp tables first, then deleted by primary key: joined to the scope,
-- the whole table was read (1 s for a 31,000-entry shard at default scale).
DELETE FROM coverage.entry_status s
WHERE s.entry_id = ANY (ARRAY(
    SELECT z.entry_id
    FROM reconcile_scope z
    WHERE NOT EXISTS (SELECT 1 FROM coverage_shard c WHERE c.entry_id = z.entry_id)));

INSERT INTO coverage.entry_status AS s (entry_id, as_of, kode_desa, kecamatan_code, peran, status, kpj, metode, skor, alasan, iuran_sampai)
SELECT entry_id, @AsOf, kode_desa, kecamatan_code, peran, status, kpj, metode, skor, alasan, iuran_sampai
FROM coverage_shard
ON CONFLICT (entry_id) DO UPDATE
SET as_of = excluded.as_of, kode_desa = excluded.kode_desa, kecamatan_code = excluded.kecamatan_code, peran = excluded.peran,
    status = excluded.status, kpj = excluded.kpj, metode = excluded.metode, skor = excluded.skor, alasan = excluded.alasan,
    iuran_sampai = excluded.iuran_sampai
WHERE (s.kode_desa, s.kecamatan_code, s.peran, s.status, s.kpj, s.metode, s.skor, s.alasan, s.iuran_sampai)
      IS DISTINCT FROM (excluded.kode_desa, excluded.kecamatan_code, excluded.peran, excluded.status, excluded.kpj,
                        excluded.metode, excluded.skor, excluded.alasan, excluded.iuran_sampai);
