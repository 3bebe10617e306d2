-- Of the failures listed (a job id with its failed state's time, in step), those no alert has claimed yet
-- (alerts/claim_failure), the earliest first: the sweep's candidates, so that a failure told before is not even asked.
SELECT f.job_id
FROM unnest(@JobIds::text[], @FailedAts::timestamptz[]) AS f (job_id, failed_at)
WHERE NOT EXISTS (SELECT 1 FROM alerts.failure_alert a WHERE a.job_id = f.job_id AND a.failed_at = f.failed_at)
ORDER BY f.failed_at, f.job_id;
