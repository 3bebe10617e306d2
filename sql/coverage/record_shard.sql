-- The shard's counts for its day and its completion, in the transaction that wrote its results. A FULL shard counts
-- the kecamatan's present status (complete, whether this shard redid every entry or a few); a BACKFILL shard counts
-- what it classified as of its earlier day. A FULL shard also keeps the state its status was computed from.
-- @KodeKecamatan arrives as char(6), the columns' type (KodeKecamatanParameter): as text, no index served.
DELETE FROM coverage.shard_count WHERE as_of = @AsOf AND kecamatan_code = @KodeKecamatan;

INSERT INTO coverage.shard_count (as_of, kecamatan_code, kode_desa, peran, status, people)
SELECT @AsOf, kecamatan_code, kode_desa, peran, status, count(*)
FROM coverage.entry_status
WHERE @Mode = 'FULL' AND kecamatan_code = @KodeKecamatan
GROUP BY kecamatan_code, kode_desa, peran, status
UNION ALL
SELECT @AsOf, kecamatan_code, kode_desa, peran, status, count(*)
FROM coverage_shard
WHERE @Mode = 'BACKFILL'
GROUP BY kecamatan_code, kode_desa, peran, status;

INSERT INTO coverage.run (as_of, kecamatan_code, mode, entries, completed_at)
VALUES (@AsOf, @KodeKecamatan, @Mode,
        (SELECT coalesce(sum(people), 0) FROM coverage.shard_count WHERE as_of = @AsOf AND kecamatan_code = @KodeKecamatan),
        @CompletedAt)
ON CONFLICT (as_of, kecamatan_code) DO UPDATE
SET mode = excluded.mode, entries = excluded.entries, completed_at = excluded.completed_at;

INSERT INTO coverage.shard_state (kecamatan_code, as_of, snapshot, expiring_window_days)
SELECT @KodeKecamatan, @AsOf, @Snapshot::pg_snapshot, @ExpiringWindowDays
WHERE @Mode = 'FULL'
ON CONFLICT (kecamatan_code) DO UPDATE
SET as_of = excluded.as_of, snapshot = excluded.snapshot, expiring_window_days = excluded.expiring_window_days;
