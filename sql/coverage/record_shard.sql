-- The shard's counts for its day and its completion, in the transaction that wrote its results.
DELETE FROM coverage.shard_count WHERE as_of = @AsOf AND kecamatan_code = @KodeKecamatan;

INSERT INTO coverage.shard_count (as_of, kecamatan_code, kode_desa, peran, status, people)
SELECT @AsOf, kecamatan_code, kode_desa, peran, status, count(*)
FROM coverage_shard
GROUP BY kecamatan_code, kode_desa, peran, status;

INSERT INTO coverage.run (as_of, kecamatan_code, mode, entries, completed_at)
VALUES (@AsOf, @KodeKecamatan, @Mode, (SELECT count(*) FROM coverage_shard), @CompletedAt)
ON CONFLICT (as_of, kecamatan_code) DO UPDATE
SET mode = excluded.mode, entries = excluded.entries, completed_at = excluded.completed_at;
