-- People per coverage status in the scope on the two compared days (SPEC 3.2).
SELECT c.as_of, c.status, sum(c.people)::integer AS people
FROM coverage.daily_count c
WHERE c.as_of IN (@ThisWeek::date, @LastWeek::date)
  AND c.kode_desa BETWEEN rpad(@Scope, 10, '0')::char(10) AND rpad(@Scope, 10, '9')::char(10)
GROUP BY c.as_of, c.status;
