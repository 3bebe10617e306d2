-- The admins' alerts when a job fails for good (docs/reliability.md, "When a job fails for good"): one row per failure told,
-- so a retried alert job, or a second one for the same failure, sends nothing twice. A failure is the job with its failed
-- state's time: the same job failing again after a Requeue is a new failure, told again.
CREATE SCHEMA alerts;

CREATE TABLE alerts.failure_alert (
    -- Hangfire's job id, as its dashboard shows it.
    job_id    text        NOT NULL,
    -- The failed state's FailedAt.
    failed_at timestamptz NOT NULL,
    sent_at   timestamptz NOT NULL,
    PRIMARY KEY (job_id, failed_at)
);
