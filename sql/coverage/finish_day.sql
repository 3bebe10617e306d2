-- The day's entries per desa, role and status (the digest's per-role table), replaced whole: finishing twice writes the
-- same rows. Run in the transaction of the shard that finishes the day (complete_shard.sql decides which).
DELETE FROM coverage.daily_count WHERE as_of = @AsOf;

INSERT INTO coverage.daily_count (as_of, kode_desa, peran, status, people)
SELECT as_of, kode_desa, peran, status, people
FROM coverage.shard_count
WHERE as_of = @AsOf;

-- The same day's people per desa and status (a NIK once per desa), which the digest's headline and estimate read.
DELETE FROM coverage.daily_people WHERE as_of = @AsOf;

INSERT INTO coverage.daily_people (as_of, kode_desa, status, people)
SELECT as_of, kode_desa, status, people
FROM coverage.shard_people
WHERE as_of = @AsOf;

-- The day's people per kecamatan and for the regency, a NIK once in the scope (migration 0311): a person in two desa is
-- in both desa's figures, once in their kecamatan's and once in the regency's. The desa's people, less the desa rows of
-- the people listed in several desa, plus each of those NIKs once, under the first of its statuses in SPEC 3.2's order.
-- A few thousand rows: no regency-wide grouping by NIK here, which the night could not afford.
DELETE FROM coverage.daily_scope_people WHERE as_of = @AsOf;

WITH shared AS (
    SELECT scope.code AS scope_code, s.nik, s.status
    FROM coverage.shard_shared_person s
    CROSS JOIN LATERAL (VALUES (left(s.kode_desa, 6)), (left(s.kode_desa, 4))) scope(code)
    WHERE s.as_of = @AsOf
)
INSERT INTO coverage.daily_scope_people (as_of, scope_code, status, people)
SELECT @AsOf, scope_code, status, sum(people)
FROM (
    SELECT scope.code AS scope_code, p.status, p.people
    FROM coverage.shard_people p
    CROSS JOIN LATERAL (VALUES (left(p.kode_desa, 6)), (left(p.kode_desa, 4))) scope(code)
    WHERE p.as_of = @AsOf
    UNION ALL
    SELECT scope_code, status, -1
    FROM shared
    UNION ALL
    SELECT scope_code, (coverage.status_order())[min(array_position(coverage.status_order(), status))], 1
    FROM shared
    GROUP BY scope_code, nik
) counted
GROUP BY scope_code, status
HAVING sum(people) > 0;

INSERT INTO coverage.day (as_of, finished_at)
VALUES (@AsOf, @FinishedAt)
ON CONFLICT (as_of) DO UPDATE SET finished_at = excluded.finished_at;

-- The run this finish completed (none for a shard outside any run, or a retry after its run finished).
UPDATE coverage.day_run SET finished_at = @FinishedAt WHERE id = @RunId AND finished_at IS NULL;

-- Register and roster changes every kecamatan's state has seen are no longer needed by any incremental shard.
DELETE FROM membership.record_change
WHERE xid < (SELECT min(pg_snapshot_xmin(snapshot)) FROM coverage.shard_state);

DELETE FROM roster.entry_change
WHERE xid < (SELECT min(pg_snapshot_xmin(snapshot)) FROM coverage.shard_state);
