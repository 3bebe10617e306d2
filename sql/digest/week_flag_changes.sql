-- Once per week's run: flags opened and resolved during the week, per desa and status (SPEC 3.2: the history says what
-- changed), in people, as the digest says: a person the desa lists under two roles has a flag for each. The row without a
-- status is the desa's people with any such flag: one who went from LAPSED to INACTIVE in the week is one person in
-- each status line, and once in the total. Each digest adds up its own desa.
SELECT e.kode_desa, 'OPENED' AS change, f.status, count(DISTINCT e.nik)::integer AS people
FROM coverage.flag f
JOIN roster.entry e ON e.id = f.entry_id
WHERE f.opened_on BETWEEN @WeekStart::date AND @WeekEnd::date
GROUP BY GROUPING SETS ((e.kode_desa, f.status), (e.kode_desa))
UNION ALL
SELECT e.kode_desa, 'RESOLVED', f.status, count(DISTINCT e.nik)::integer
FROM coverage.flag f
JOIN roster.entry e ON e.id = f.entry_id
WHERE f.resolved_on BETWEEN @WeekStart::date AND @WeekEnd::date
GROUP BY GROUPING SETS ((e.kode_desa, f.status), (e.kode_desa));
