-- People per coverage status in the scope on the two compared days (SPEC 3.2): a NIK once per desa (coverage.daily_people).
-- Also the roster entries per status (a person under two roles is two), which the per-entry lists are checked against.
WITH people AS (
    SELECT p.as_of, p.status, sum(p.people)::integer AS people
    FROM coverage.daily_people p
    WHERE p.as_of IN (@ThisWeek::date, @LastWeek::date)
      AND p.kode_desa BETWEEN rpad(@Scope, 10, '0')::char(10) AND rpad(@Scope, 10, '9')::char(10)
    GROUP BY p.as_of, p.status
),
entries AS (
    SELECT c.as_of, c.status, sum(c.people)::integer AS entries
    FROM coverage.daily_count c
    WHERE c.as_of IN (@ThisWeek::date, @LastWeek::date)
      AND c.kode_desa BETWEEN rpad(@Scope, 10, '0')::char(10) AND rpad(@Scope, 10, '9')::char(10)
    GROUP BY c.as_of, c.status
)
SELECT as_of, status, coalesce(p.people, 0) AS people, coalesce(e.entries, 0) AS entries
FROM people p
FULL JOIN entries e USING (as_of, status);
