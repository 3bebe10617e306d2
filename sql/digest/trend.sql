-- Coverage of the scope on the latest reconciled day of each of the last 12 weeks, for the chart: people, a NIK once in
-- the scope, as the headline counts them (a desa's from daily_people, a kecamatan's and the regency's from
-- daily_scope_people). Per week a lateral lookup, so each day is read through its table's key rather than scanned.
WITH weeks AS (
    SELECT
        g.week_start,
        (SELECT max(c.as_of) FROM coverage.daily_count c WHERE c.as_of BETWEEN g.week_start AND g.week_start + 6) AS as_of
    -- An integer series, whose 12 rows the planner knows, keeps the estimate small (no JIT for a small query).
    FROM (SELECT @WeekStart::date - 7 * k AS week_start FROM generate_series(0, 11) AS k) g
)
SELECT w.week_start, w.as_of, coalesce(t.people, 0) AS people, coalesce(t.covered, 0) AS covered
FROM weeks w
LEFT JOIN LATERAL (
    SELECT
        sum(c.people)::integer AS people,
        (sum(c.people) FILTER (WHERE c.status IN ('COVERED', 'EXPIRING')))::integer AS covered
    FROM (
        SELECT p.status, p.people
        FROM coverage.daily_people p
        WHERE char_length(@Scope) = 10 AND p.as_of = w.as_of AND p.kode_desa = @Scope::char(10)
        UNION ALL
        SELECT p.status, p.people
        FROM coverage.daily_scope_people p
        WHERE char_length(@Scope) <> 10 AND p.as_of = w.as_of AND p.scope_code = @Scope
    ) c
) t ON true
ORDER BY w.week_start;
