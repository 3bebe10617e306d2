-- Claims a job's failure for its alert, in the transaction that sends it: no row when the alert was sent before; a second
-- claim of the same failure waits here until the first commits (sent) or rolls back (not sent). emailed is false when the
-- same cause was emailed within @RepeatAfter (the caller holds alerts/lock_cause); held counts the failures of the cause
-- recorded without an email since its last email, for the email that goes out now.
WITH terakhir AS (
    SELECT max(a.sent_at) AS sent_at FROM alerts.failure_alert a WHERE a.cause = md5(@Cause) AND a.emailed
),
klaim AS (
    INSERT INTO alerts.failure_alert (job_id, failed_at, sent_at, cause, emailed)
    SELECT @JobId, @FailedAt, @SentAt, md5(@Cause), t.sent_at IS NULL OR t.sent_at <= @SentAt - @RepeatAfter::interval
    FROM terakhir t
    ON CONFLICT (job_id, failed_at) DO NOTHING
    RETURNING emailed
)
SELECT k.emailed,
       (SELECT count(*)::integer FROM alerts.failure_alert a, terakhir t
        WHERE a.cause = md5(@Cause) AND NOT a.emailed AND a.sent_at > coalesce(t.sent_at, '-infinity')) AS held
FROM klaim k;
