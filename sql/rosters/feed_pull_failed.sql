-- The desa of a run whose pull failed for a passing reason, all at once: each keeps the time it started failing. Whether
-- one failing for longer than @AlertAfter is alerted is rosters/feed_pull_alert's, the hourly job's last step.
WITH failed AS (
    SELECT DISTINCT feed, kode_desa FROM unnest(@Feeds::text[], @Desa::text[]) AS f (feed, kode_desa)
),
written AS (
    INSERT INTO roster.feed_pull AS p (feed, kode_desa, failing_since)
    SELECT feed, kode_desa, @Now FROM failed
    ON CONFLICT (feed, kode_desa) DO UPDATE
    SET failing_since = coalesce(p.failing_since, excluded.failing_since)
    RETURNING feed, kode_desa, failing_since
)
SELECT feed, kode_desa, failing_since, failing_since + @AlertAfter <= @Now AS past_threshold
FROM written
ORDER BY feed, kode_desa;
