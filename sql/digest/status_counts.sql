-- People per coverage status in the scope on the two compared days (SPEC 3.2), a NIK once in the scope: a desa's from
-- coverage.daily_people, a kecamatan's and the regency's from coverage.daily_scope_people (a person listed in two desa is
-- one person there, where summing the desa counted them twice). Also the roster entries per status (a person under two
-- roles is two), which the per-entry lists are checked against.
WITH people AS (
    SELECT p.as_of, p.status, p.people
    FROM coverage.daily_people p
    WHERE char_length(@Scope) = 10
      AND p.as_of IN (@ThisWeek::date, @LastWeek::date)
      AND p.kode_desa = @Scope::char(10)
    UNION ALL
    SELECT p.as_of, p.status, p.people
    FROM coverage.daily_scope_people p
    WHERE char_length(@Scope) <> 10
      AND p.as_of IN (@ThisWeek::date, @LastWeek::date)
      AND p.scope_code = @Scope
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
