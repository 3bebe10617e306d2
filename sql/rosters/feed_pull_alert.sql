-- The day's alert of the run's desa failing for longer than @AlertAfter, claimed by the hourly job once nothing but its
-- failure is left to do (after the inbox): claimed with the failing state, a database failure in the inbox failed the job
-- with the database's message, and its retry found the day's alert taken. Due on the first run past the threshold, then
-- on the first run of each further day of failing (counted from the same start, so an hourly run a few seconds early does
-- not push the next day's alert an hour on). @Now is when the run recorded the failures; a desa whose pull succeeded since
-- (pull roster at a terminal) is failing no more and is not claimed.
WITH failed AS (
    SELECT DISTINCT feed, kode_desa FROM unnest(@Feeds::text[], @Desa::text[]) AS f (feed, kode_desa)
),
claimed AS (
    UPDATE roster.feed_pull p
    SET alerted_at = @Now
    FROM failed f
    WHERE p.feed = f.feed AND p.kode_desa = f.kode_desa
      AND p.failing_since + @AlertAfter <= @Now
      AND (p.alerted_at IS NULL OR p.alerted_at < p.failing_since + @AlertAfter
           + floor(extract(epoch FROM @Now - (p.failing_since + @AlertAfter)) / 86400) * interval '1 day')
    RETURNING p.feed, p.kode_desa, p.failing_since
)
SELECT feed, kode_desa, failing_since FROM claimed ORDER BY feed, kode_desa;
