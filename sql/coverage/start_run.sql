-- A run of the day (migration 0310): its shards carry the id, and the day is finished once, when they have all completed.
-- The fan-out job's retry gets the run its first attempt started, with that run's day (migration 0312); the command
-- line's runs (no job) are each new.
INSERT INTO coverage.day_run (as_of, started_at, hangfire_job_id)
VALUES (@AsOf, @StartedAt, @HangfireJobId)
ON CONFLICT (hangfire_job_id) DO UPDATE SET hangfire_job_id = excluded.hangfire_job_id
RETURNING id, as_of;
