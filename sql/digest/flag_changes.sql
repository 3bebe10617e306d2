-- Flags opened and resolved during the week in the scope, per status (SPEC 3.2: the history says what changed).
SELECT 'OPENED' AS change, f.status, count(*)::integer AS people
FROM coverage.flag f
JOIN roster.entry e ON e.id = f.entry_id
WHERE f.opened_on BETWEEN @WeekStart::date AND @WeekEnd::date
  AND e.kode_desa BETWEEN rpad(@Scope, 10, '0')::char(10) AND rpad(@Scope, 10, '9')::char(10)
GROUP BY f.status
UNION ALL
SELECT 'RESOLVED', f.status, count(*)::integer
FROM coverage.flag f
JOIN roster.entry e ON e.id = f.entry_id
WHERE f.resolved_on BETWEEN @WeekStart::date AND @WeekEnd::date
  AND e.kode_desa BETWEEN rpad(@Scope, 10, '0')::char(10) AND rpad(@Scope, 10, '9')::char(10)
GROUP BY f.status;
