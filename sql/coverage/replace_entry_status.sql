-- The present status of the kecamatan's active entries; entries that left the roster drop out.
DELETE FROM coverage.entry_status WHERE kecamatan_code = @KodeKecamatan;

INSERT INTO coverage.entry_status (entry_id, as_of, kode_desa, kecamatan_code, peran, status, kpj, metode, skor, alasan, iuran_sampai)
SELECT entry_id, @AsOf, kode_desa, kecamatan_code, peran, status, kpj, metode, skor, alasan, iuran_sampai
FROM coverage_shard;
