-- Coverage of the scope on the latest reconciled day of each of the last 12 weeks, for the chart.
WITH weeks AS (
    SELECT
        g.week_start::date AS week_start,
        (SELECT max(c.as_of) FROM coverage.daily_count c WHERE c.as_of BETWEEN g.week_start::date AND g.week_start::date + 6) AS as_of
    FROM generate_series(@WeekStart::date - 77, @WeekStart::date, interval '7 days') AS g (week_start)
)
SELECT
    w.week_start,
    w.as_of,
    coalesce(sum(c.people), 0)::integer AS people,
    coalesce(sum(c.people) FILTER (WHERE c.status IN ('COVERED', 'EXPIRING')), 0)::integer AS covered
FROM weeks w
LEFT JOIN coverage.daily_count c ON c.as_of = w.as_of AND c.kode_desa LIKE @Scope || '%'
GROUP BY w.week_start, w.as_of
ORDER BY w.week_start;
