-- The desa of a run whose pull failed for a passing reason, all at once: each keeps the time it started failing, and one
-- failing for longer than @AlertAfter is claimed for the admins' alert (@Claim: the hourly job, not pull roster) on the
-- first run past it, then on the first run of each further day of failing (counted from the same start, so an hourly run
-- a few seconds early does not push the next day's alert an hour on).
WITH failed AS (
    SELECT DISTINCT feed, kode_desa FROM unnest(@Feeds::text[], @Desa::text[]) AS f (feed, kode_desa)
),
due AS (
    SELECT f.feed, f.kode_desa,
           @Claim AND p.failing_since IS NOT NULL AND p.failing_since + @AlertAfter <= @Now
           AND (p.alerted_at IS NULL OR p.alerted_at < p.failing_since + @AlertAfter
                + floor(extract(epoch FROM @Now - (p.failing_since + @AlertAfter)) / 86400) * interval '1 day') AS alert
    FROM failed f
    LEFT JOIN roster.feed_pull p ON p.feed = f.feed AND p.kode_desa = f.kode_desa
),
written AS (
    INSERT INTO roster.feed_pull AS p (feed, kode_desa, failing_since, alerted_at)
    SELECT feed, kode_desa, @Now, CASE WHEN alert THEN @Now END FROM due
    ON CONFLICT (feed, kode_desa) DO UPDATE
    SET failing_since = coalesce(p.failing_since, excluded.failing_since),
        alerted_at = coalesce(excluded.alerted_at, p.alerted_at)
    RETURNING feed, kode_desa, failing_since
)
SELECT w.feed, w.kode_desa, w.failing_since, w.failing_since + @AlertAfter <= @Now AS past_threshold, d.alert
FROM written w
JOIN due d ON d.feed = w.feed AND d.kode_desa = w.kode_desa
ORDER BY w.feed, w.kode_desa;
