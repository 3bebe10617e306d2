-- A run of the day (migration 0310): its shards carry the id, and the day is finished once, when they have all completed.
INSERT INTO coverage.day_run (as_of, started_at)
VALUES (@AsOf, @StartedAt)
RETURNING id;
