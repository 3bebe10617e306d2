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
-- The desa's entries per status, just counted, are its people but for a NIK listed in the desa under several roles (few):
-- those entries come off and the person comes back once. Grouping every entry of the kecamatan by NIK instead cost each
-- shard a join with the roster (default benchmark scale: about 2 s of the full reconcile, 1.7 s of the night).
DELETE FROM coverage.shard_people WHERE as_of = @AsOf AND kecamatan_code = @KodeKecamatan;

INSERT INTO coverage.shard_people (as_of, kecamatan_code, kode_desa, status, people)
WITH spec_order AS (
    SELECT ARRAY['NOT_REGISTERED', 'NEEDS_REVIEW', 'INACTIVE', 'LAPSED', 'PARTIAL', 'EXPIRING', 'COVERED'] AS statuses
),
-- The NIKs from the roster's key (kode_desa, nik, peran), read over the kecamatan's range only, then their statuses by
-- NIK; entries that left have none. OFFSET 0 keeps those a few probes per NIK: joined, the planner expected a third of
-- the kecamatan's NIKs listed twice and hashed every status of the regency.
listed_twice_status AS (
    SELECT twice.kode_desa, twice.nik, listed.status
    FROM (
        SELECT kode_desa, nik
        FROM roster.entry
        WHERE kode_desa BETWEEN (@KodeKecamatan || '0000')::char(10) AND (@KodeKecamatan || '9999')::char(10)
        GROUP BY kode_desa, nik
        HAVING count(*) > 1
    ) twice
    CROSS JOIN LATERAL (
        (SELECT s.status
         FROM roster.entry e
         JOIN coverage.entry_status s ON s.entry_id = e.id
         WHERE @Mode = 'FULL' AND e.kode_desa = twice.kode_desa AND e.nik = twice.nik
         UNION ALL
         SELECT s.status
         FROM roster.entry e
         JOIN coverage_shard s ON s.entry_id = e.id
         WHERE @Mode = 'BACKFILL' AND e.kode_desa = twice.kode_desa AND e.nik = twice.nik)
        OFFSET 0
    ) listed
),
counted AS (
    SELECT kode_desa, status, people
    FROM coverage.shard_count
    WHERE as_of = @AsOf AND kecamatan_code = @KodeKecamatan
    UNION ALL
    SELECT kode_desa, status, -1
    FROM listed_twice_status
    UNION ALL
    SELECT kode_desa, (SELECT statuses FROM spec_order)[min(array_position((SELECT statuses FROM spec_order), status))], 1
    FROM listed_twice_status
    GROUP BY kode_desa, nik
)
SELECT @AsOf, @KodeKecamatan, kode_desa, status, sum(people)
FROM counted
GROUP BY kode_desa, status
HAVING sum(people) > 0;

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
