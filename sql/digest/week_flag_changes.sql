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
GROUP BY GROUPING SETS ((e.kode_desa, f.status), (e.kode_desa))
UNION ALL
-- Where the people whose flags resolved stand at the week's end, once each: protected (COVERED: no flag open but EXPIRING,
-- which the email counts as protected too, as one who paid arrears only weeks ahead is), another status still open
-- (STATUS_LAIN: EXPIRING that became LAPSED resolves EXPIRING), or no longer listed by the desa (KELUAR: every entry of
-- theirs left). "Masalah selesai" alone read as people now protected, and a desa could "solve" problems by dropping people.
SELECT r.kode_desa, 'RESOLVED_TO',
       CASE WHEN s.masih THEN 'STATUS_LAIN' WHEN s.keluar THEN 'KELUAR' ELSE 'COVERED' END,
       count(*)::integer
FROM (
    SELECT DISTINCT e.kode_desa, e.nik
    FROM coverage.flag f
    JOIN roster.entry e ON e.id = f.entry_id
    WHERE f.resolved_on BETWEEN @WeekStart::date AND @WeekEnd::date
) r
CROSS JOIN LATERAL (
    SELECT bool_or(EXISTS (
               SELECT 1 FROM coverage.flag o
               WHERE o.entry_id = e.id AND o.status <> 'EXPIRING'
                 AND o.opened_on <= @WeekEnd::date AND (o.resolved_on IS NULL OR o.resolved_on > @WeekEnd::date))) AS masih,
           bool_and(e.left_at IS NOT NULL AND e.left_at < @WeekEndsAt) AS keluar
    FROM roster.entry e
    WHERE e.kode_desa = r.kode_desa AND e.nik = r.nik
) s
GROUP BY r.kode_desa, 3;
