-- Claims a job's failure for its alert, in the transaction that sends it: no row when the alert was sent before; a second
-- claim of the same failure waits here until the first commits (sent) or rolls back (not sent).
INSERT INTO alerts.failure_alert (job_id, failed_at, sent_at)
VALUES (@JobId, @FailedAt, @SentAt)
ON CONFLICT (job_id, failed_at) DO NOTHING;
