-- The shard's counts for its day and its completion, in the transaction that wrote its results. @Counting says how:
-- EVERY_ENTRY, a FULL shard that redid every entry, counts the kecamatan's present status; CHANGES, an incremental FULL
-- shard, moves the figures of the state's day (@StateAsOf) by counted_change (count_changes.sql): either way the
-- present status, complete. BACKFILL counts what the shard classified as of its earlier day. With the counts go the
-- kecamatan's people listed in more than one desa, from which the day's kecamatan and regency figures count each NIK
-- once (finish_day.sql). A FULL shard also keeps the state its status was computed from.
-- @KodeKecamatan arrives as char(6), the columns' type (KodeKecamatanParameter): as text, no index served.
-- Entries per desa, role and status: the digest's per-role table. Into a temp table first: a second run of the state's
-- day moves that day's own figures.
CREATE TEMP TABLE counted_entry ON COMMIT DROP AS
SELECT kode_desa, peran, status, count(*) AS entries
FROM coverage.entry_status
WHERE @Counting = 'EVERY_ENTRY' AND kecamatan_code = @KodeKecamatan
GROUP BY kode_desa, peran, status
UNION ALL
SELECT kode_desa, peran, status, count(*)
FROM coverage_shard
WHERE @Counting = 'BACKFILL'
GROUP BY kode_desa, peran, status
UNION ALL
SELECT kode_desa, peran, status, sum(entries)
FROM (
    SELECT kode_desa, peran, status, people AS entries
    FROM coverage.shard_count
    WHERE as_of = @StateAsOf AND kecamatan_code = @KodeKecamatan
    UNION ALL
    SELECT kode_desa, peran, status, change
    FROM counted_change
    WHERE peran IS NOT NULL
) moved
WHERE @Counting = 'CHANGES'
GROUP BY kode_desa, peran, status
HAVING sum(entries) > 0;

-- People per desa and status (SPEC 3.4 counts people): a NIK once per desa, under its first status in SPEC 3.2's order.
-- Counted whole, they are the desa's entries per status but for a NIK listed in the desa under several roles (few):
-- those entries come off and the person comes back once. Grouping every entry of the kecamatan by NIK instead cost each
-- shard a join with the roster (default benchmark scale: about 2 s of the full reconcile, 1.7 s of the night).
CREATE TEMP TABLE counted_people ON COMMIT DROP AS
-- The NIKs from the roster's key (kode_desa, nik, peran), read over the kecamatan's range only, then their statuses by
-- NIK; entries that left have none. OFFSET 0 keeps those a few probes per NIK: joined, the planner expected a third of
-- the kecamatan's NIKs listed twice and hashed every status of the regency.
WITH listed_twice_status AS (
    SELECT twice.kode_desa, twice.nik, listed.status
    FROM (
        SELECT kode_desa, nik
        FROM roster.entry
        WHERE @Counting <> 'CHANGES'
          AND kode_desa BETWEEN (@KodeKecamatan || '0000')::char(10) AND (@KodeKecamatan || '9999')::char(10)
        GROUP BY kode_desa, nik
        HAVING count(*) > 1
    ) twice
    CROSS JOIN LATERAL (
        (SELECT s.status
         FROM roster.entry e
         JOIN coverage.entry_status s ON s.entry_id = e.id
         WHERE @Counting = 'EVERY_ENTRY' AND e.kode_desa = twice.kode_desa AND e.nik = twice.nik
         UNION ALL
         SELECT s.status
         FROM roster.entry e
         JOIN coverage_shard s ON s.entry_id = e.id
         WHERE @Counting = 'BACKFILL' AND e.kode_desa = twice.kode_desa AND e.nik = twice.nik)
        OFFSET 0
    ) listed
),
counted AS (
    SELECT kode_desa, status, entries AS people
    FROM counted_entry
    WHERE @Counting <> 'CHANGES'
    UNION ALL
    SELECT kode_desa, status, -1
    FROM listed_twice_status
    UNION ALL
    SELECT kode_desa, (coverage.status_order())[min(array_position(coverage.status_order(), status))], 1
    FROM listed_twice_status
    GROUP BY kode_desa, nik
    UNION ALL
    SELECT kode_desa, status, people
    FROM coverage.shard_people
    WHERE @Counting = 'CHANGES' AND as_of = @StateAsOf AND kecamatan_code = @KodeKecamatan
    UNION ALL
    SELECT kode_desa, status, change
    FROM counted_change
    WHERE @Counting = 'CHANGES' AND peran IS NULL
)
SELECT kode_desa, status, sum(people) AS people
FROM counted
GROUP BY kode_desa, status
HAVING sum(people) > 0;

-- The kecamatan's people (a NIK once per desa, as counted_people) whose NIK is listed in another desa too, of this
-- kecamatan or another: the day's kecamatan and regency figures count each such NIK once (finish_day.sql, migration 0311).
-- Listed elsewhere means more entries under the NIK than in this desa, counted in the NIK index alone; an entry that left
-- makes a row too many, which changes no figure. EVERY_ENTRY and BACKFILL look at every NIK of the kecamatan's range;
-- CHANGES at the NIKs it redid and those shared on the state's day: any roster write under a NIK, anywhere, redoes every
-- entry of that NIK (gather_changes.sql, row a), so a NIK that became shared or stopped being shared is among them.
-- Without JIT: the planner's estimate for a full shard's 35,000 NIK probes crosses JIT's threshold, and compiling took
-- about 20 ms a shard for index probes it does not speed up (the SET holds until the shard's commit).
SET LOCAL jit = off;

CREATE TEMP TABLE counted_shared ON COMMIT DROP AS
WITH listed AS (
    SELECT kode_desa, nik, count(*) AS here
    FROM roster.entry
    WHERE @Counting <> 'CHANGES'
      AND kode_desa BETWEEN (@KodeKecamatan || '0000')::char(10) AND (@KodeKecamatan || '9999')::char(10)
    GROUP BY kode_desa, nik
    UNION ALL
    SELECT e.kode_desa, e.nik, count(*)
    FROM (
        SELECT nik FROM scope_entry WHERE @Counting = 'CHANGES'
        UNION
        SELECT nik FROM coverage.shard_shared_person
        WHERE @Counting = 'CHANGES' AND as_of = @StateAsOf AND kecamatan_code = @KodeKecamatan
    ) redone
    CROSS JOIN LATERAL (
        SELECT e.kode_desa, e.nik
        FROM roster.entry e
        WHERE e.nik = redone.nik
          AND e.kode_desa BETWEEN (@KodeKecamatan || '0000')::char(10) AND (@KodeKecamatan || '9999')::char(10)
        OFFSET 0
    ) e
    GROUP BY e.kode_desa, e.nik
),
shared AS (
    SELECT l.kode_desa, l.nik
    FROM listed l
    WHERE (SELECT count(*) FROM roster.entry o WHERE o.nik = l.nik) > l.here
)
SELECT shared.kode_desa, shared.nik,
       (coverage.status_order())[min(array_position(coverage.status_order(), person.status))] AS status
FROM shared
-- The day's statuses: the present one (EVERY_ENTRY and CHANGES run after replace_entry_status) or, for BACKFILL, what
-- the shard classified as of its earlier day. A NIK with no entry of status here (all left) is nobody in the desa.
CROSS JOIN LATERAL (
    (SELECT s.status
     FROM roster.entry e
     JOIN coverage.entry_status s ON s.entry_id = e.id
     WHERE @Counting <> 'BACKFILL' AND e.kode_desa = shared.kode_desa AND e.nik = shared.nik
     UNION ALL
     SELECT s.status
     FROM roster.entry e
     JOIN coverage_shard s ON s.entry_id = e.id
     WHERE @Counting = 'BACKFILL' AND e.kode_desa = shared.kode_desa AND e.nik = shared.nik)
    OFFSET 0
) person
GROUP BY shared.kode_desa, shared.nik;

-- Whether the kecamatan's counts of the day move (entries, people, or who of them is listed in another desa too): a shard that runs again after its run finished the
-- day, or outside any run, finishes the day again only then (complete_shard.sql). Read by the caller last.
CREATE TEMP TABLE counts_changed ON COMMIT DROP AS
SELECT EXISTS (
    (SELECT kode_desa, peran, status, entries::bigint FROM counted_entry
     EXCEPT ALL
     SELECT kode_desa, peran, status, people FROM coverage.shard_count WHERE as_of = @AsOf AND kecamatan_code = @KodeKecamatan)
    UNION ALL
    (SELECT kode_desa, peran, status, people FROM coverage.shard_count WHERE as_of = @AsOf AND kecamatan_code = @KodeKecamatan
     EXCEPT ALL
     SELECT kode_desa, peran, status, entries::bigint FROM counted_entry)
    UNION ALL
    (SELECT kode_desa, NULL, status, people::bigint FROM counted_people
     EXCEPT ALL
     SELECT kode_desa, NULL, status, people FROM coverage.shard_people WHERE as_of = @AsOf AND kecamatan_code = @KodeKecamatan)
    UNION ALL
    (SELECT kode_desa, NULL, status, people FROM coverage.shard_people WHERE as_of = @AsOf AND kecamatan_code = @KodeKecamatan
     EXCEPT ALL
     SELECT kode_desa, NULL, status, people::bigint FROM counted_people)
    UNION ALL
    (SELECT kode_desa, nik::text, status, 1::bigint FROM counted_shared
     EXCEPT ALL
     SELECT kode_desa, nik::text, status, 1 FROM coverage.shard_shared_person WHERE as_of = @AsOf AND kecamatan_code = @KodeKecamatan)
    UNION ALL
    (SELECT kode_desa, nik::text, status, 1 FROM coverage.shard_shared_person WHERE as_of = @AsOf AND kecamatan_code = @KodeKecamatan
     EXCEPT ALL
     SELECT kode_desa, nik::text, status, 1::bigint FROM counted_shared)
) AS changed;

DELETE FROM coverage.shard_count WHERE as_of = @AsOf AND kecamatan_code = @KodeKecamatan;

INSERT INTO coverage.shard_count (as_of, kecamatan_code, kode_desa, peran, status, people)
SELECT @AsOf, @KodeKecamatan, kode_desa, peran, status, entries
FROM counted_entry;

DELETE FROM coverage.shard_people WHERE as_of = @AsOf AND kecamatan_code = @KodeKecamatan;

INSERT INTO coverage.shard_people (as_of, kecamatan_code, kode_desa, status, people)
SELECT @AsOf, @KodeKecamatan, kode_desa, status, people
FROM counted_people;

DELETE FROM coverage.shard_shared_person WHERE as_of = @AsOf AND kecamatan_code = @KodeKecamatan;

INSERT INTO coverage.shard_shared_person (as_of, kecamatan_code, kode_desa, nik, status)
SELECT @AsOf, @KodeKecamatan, kode_desa, nik, status
FROM counted_shared;

INSERT INTO coverage.run (as_of, kecamatan_code, mode, entries, completed_at)
VALUES (@AsOf, @KodeKecamatan, @Mode,
        (SELECT coalesce(sum(people), 0) FROM coverage.shard_count WHERE as_of = @AsOf AND kecamatan_code = @KodeKecamatan),
        @CompletedAt)
ON CONFLICT (as_of, kecamatan_code) DO UPDATE
SET mode = excluded.mode, entries = excluded.entries, completed_at = excluded.completed_at;

INSERT INTO coverage.shard_state (kecamatan_code, as_of, snapshot, expiring_window_days, serial_difference)
SELECT @KodeKecamatan, @AsOf, @Snapshot::pg_snapshot, @ExpiringWindowDays, @SerialDifference
WHERE @Mode = 'FULL'
ON CONFLICT (kecamatan_code) DO UPDATE
SET as_of = excluded.as_of, snapshot = excluded.snapshot, expiring_window_days = excluded.expiring_window_days,
    serial_difference = excluded.serial_difference;

SELECT changed FROM counts_changed;
