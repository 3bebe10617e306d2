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

-- People per desa and status (SPEC 3.4 counts people): a NIK once per desa, under its first status in SPEC 3.2's order.
DELETE FROM coverage.shard_people WHERE as_of = @AsOf AND kecamatan_code = @KodeKecamatan;

INSERT INTO coverage.shard_people (as_of, kecamatan_code, kode_desa, status, people)
SELECT @AsOf, @KodeKecamatan, kode_desa, (ARRAY['NOT_REGISTERED', 'NEEDS_REVIEW', 'INACTIVE', 'LAPSED', 'PARTIAL', 'EXPIRING', 'COVERED'])[rank], count(*)
FROM (
    SELECT s.kode_desa, min(array_position(ARRAY['NOT_REGISTERED', 'NEEDS_REVIEW', 'INACTIVE', 'LAPSED', 'PARTIAL', 'EXPIRING', 'COVERED'], s.status)) AS rank
    FROM coverage.entry_status s
    -- The kecamatan's entries by their index: joined with the whole roster, every shard hashed a million entries.
    JOIN roster.entry e ON e.id = s.entry_id AND left(e.kode_desa, 6) = @KodeKecamatan::text
    WHERE @Mode = 'FULL' AND s.kecamatan_code = @KodeKecamatan
    GROUP BY s.kode_desa, e.nik
    UNION ALL
    SELECT s.kode_desa, min(array_position(ARRAY['NOT_REGISTERED', 'NEEDS_REVIEW', 'INACTIVE', 'LAPSED', 'PARTIAL', 'EXPIRING', 'COVERED'], s.status))
    FROM coverage_shard s
    JOIN roster.entry e ON e.id = s.entry_id AND left(e.kode_desa, 6) = @KodeKecamatan::text
    WHERE @Mode = 'BACKFILL'
    GROUP BY s.kode_desa, e.nik
) person
GROUP BY kode_desa, rank;

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
