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
