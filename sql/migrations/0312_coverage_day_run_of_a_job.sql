-- A retry of the reconcile-coverage fan-out (ReconcileCoverageJob) resumes the run its first attempt started, instead of
-- starting another: it enqueues only the kecamatan the run has not completed, keeps the run's day after midnight, and the
-- day is finished once. An attempt that failed after enqueueing its shards used to leave them running for a run of their
-- own beside the retry's 29. The command line's runs have no job.
ALTER TABLE coverage.day_run ADD COLUMN hangfire_job_id text;

CREATE UNIQUE INDEX day_run_hangfire_job_idx ON coverage.day_run (hangfire_job_id);
