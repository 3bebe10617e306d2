-- The alert schedule of the run's desa failing for a passing reason, as the run recorded them (@Since, at @Now), the one
-- place it is reckoned: each desa's alert is due on the first run past @AlertAfter, then on the first run of each further
-- day of failing (counted from the same start, so an hourly run a few seconds early does not push the next day's alert an
-- hour on). The day's alert due is claimed (alerted_at) by the hourly job once nothing but its failure is left to do (after
-- the inbox): claimed with the failing state, a database failure in the inbox failed the job with the database's message,
-- and its retry found the day's alert taken. A desa whose pull succeeded since (pull roster at a terminal) is failing no
-- more, or fails from another time, and is not claimed. Every desa comes back with whether it was claimed and when its
-- next alert is due after this run, for the sentence a green run's result carries.
WITH failed AS (
    SELECT DISTINCT feed, kode_desa, failing_since
    FROM unnest(@Feeds::text[], @Desa::text[], @Since::timestamptz[]) AS f (feed, kode_desa, failing_since)
),
schedule AS (
    -- The alert of the day of failing under way: the first, until the threshold is passed.
    SELECT feed, kode_desa, failing_since,
           failing_since + @AlertAfter
           + greatest(floor(extract(epoch FROM @Now - (failing_since + @AlertAfter)) / 86400), 0) * interval '1 day' AS due
    FROM failed
),
claimed AS (
    UPDATE roster.feed_pull p
    SET alerted_at = @Now
    FROM schedule s
    WHERE p.feed = s.feed AND p.kode_desa = s.kode_desa AND p.failing_since = s.failing_since
      AND s.due <= @Now
      AND (p.alerted_at IS NULL OR p.alerted_at < s.due)
    RETURNING p.feed, p.kode_desa
)
SELECT s.feed, s.kode_desa, s.failing_since, c.feed IS NOT NULL AS claimed, s.due > @Now AS first_alert,
       CASE WHEN s.due > @Now THEN s.due ELSE s.due + interval '1 day' END AS next_alert_due
FROM schedule s
LEFT JOIN claimed c ON c.feed = s.feed AND c.kode_desa = s.kode_desa
ORDER BY s.feed, s.kode_desa;
