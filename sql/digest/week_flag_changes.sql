-- Once per week's run: flags opened and resolved during the week, per scope (each desa, kecamatan and the regency) and
-- status (SPEC 3.2: the history says what changed), in people, as the digest says: a person the desa lists under two roles
-- has a flag for each, and a person listed in two desa is one person of their kecamatan and of the regency (summed over
-- desa, they were two). The row without a status is the scope's people with any such flag: one who went from LAPSED to
-- INACTIVE in the week is one person in each status line, and once in the total. Each digest takes its own scope's rows.
-- Codes and NIKs as numbers: the week of a first reconcile opens a flag for most of a million entries, three scope rows
-- each, and sorting them as text for the distinct count took 6.5 s of a 25 s digest run (3.1 s as numbers, same rows).
SELECT scope.code::text AS scope, 'OPENED' AS change, f.status, count(DISTINCT e.nik::bigint)::integer AS people
FROM coverage.flag f
JOIN roster.entry e ON e.id = f.entry_id
CROSS JOIN LATERAL (VALUES (e.kode_desa::bigint), (left(e.kode_desa, 6)::bigint), (left(e.kode_desa, 4)::bigint)) scope(code)
WHERE f.opened_on BETWEEN @WeekStart::date AND @WeekEnd::date
GROUP BY GROUPING SETS ((scope.code, f.status), (scope.code))
UNION ALL
SELECT scope.code::text, 'RESOLVED', f.status, count(DISTINCT e.nik::bigint)::integer
FROM coverage.flag f
JOIN roster.entry e ON e.id = f.entry_id
CROSS JOIN LATERAL (VALUES (e.kode_desa::bigint), (left(e.kode_desa, 6)::bigint), (left(e.kode_desa, 4)::bigint)) scope(code)
WHERE f.resolved_on BETWEEN @WeekStart::date AND @WeekEnd::date
GROUP BY GROUPING SETS ((scope.code, f.status), (scope.code))
UNION ALL
-- Where the people whose flags resolved stand at the week's end, once each: protected (COVERED: no flag open but EXPIRING,
-- which the email counts as protected too, as one who paid arrears only weeks ahead is), another status still open
-- (STATUS_LAIN: EXPIRING that became LAPSED resolves EXPIRING), or no longer listed by the desa (KELUAR: every entry of
-- theirs left). "Masalah selesai" alone read as people now protected, and a desa could "solve" problems by dropping people.
-- Each scope looks at every entry the person has in it, not only those whose flag resolved: a person of two desa is, in
-- their kecamatan and the regency, still flagged if flagged in either, and gone if gone from both. Each entry's standing
-- is worked out once, for its three scopes.
-- At the week's end, not when the digest is composed: the roster as its history stood then (roster.entry_event), so the
-- digest of a past week reads the same on the Monday after it and weeks later. An entry first listed after the week's end
-- (imported on the Monday morning, or any time before a late `digest send --week`) is not the week's, unless the coverage
-- history already dates a flag of it in or before the week (a past day reconciled after it was listed, as the day's
-- figures then count it too). An entry that left in the week and was listed again after it had left at the week's end;
-- one that left after it was still listed.
SELECT scope, 'RESOLVED_TO', standing, count(*)::integer
FROM (
    -- One group per scope and NIK over every entry of the NIKs with a flag resolved in the week, counted where one of the
    -- group's entries had it: grouped, not joined back to the resolved flags by NIK and scope prefix, which the planner,
    -- estimating a week's resolved flags from statistics older than the night, ran as a nested loop of 30,000 by 10,000
    -- (20 s of a 40 s digest run at the benchmark's scale).
    SELECT scope.code AS scope,
           CASE WHEN bool_or(x.masih) THEN 'STATUS_LAIN' WHEN bool_and(x.keluar) THEN 'KELUAR' ELSE 'COVERED' END AS standing,
           bool_or(x.selesai) AS selesai
    FROM (
        -- Each entry once (OFFSET 0: not once per scope row), its flags and roster events read through their entry indexes
        -- only: asked by day instead, a week's resolved flags estimated from statistics older than the night made the
        -- planner scan all of them for each entry (73,000 by 87,000 on a test database of a million entries).
        SELECT e.kode_desa, e.nik, g.masih, g.selesai,
               -- Its last roster event before the week's end says whether it was listed then; an entry without events (written
               -- before they were kept) by when it left, if it has.
               coalesce(
                   (SELECT v.kind = 'LEAVE' FROM roster.entry_event v
                    WHERE v.entry_id = e.id AND v.at < @WeekEndsAt
                    ORDER BY v.at DESC, v.id DESC
                    LIMIT 1),
                   e.left_at < @WeekEndsAt,
                   false) AS keluar
        FROM roster.entry e
        CROSS JOIN LATERAL (
            SELECT
                coalesce(bool_or(f.status <> 'EXPIRING' AND f.opened_on <= @WeekEnd::date
                                 AND (f.resolved_on IS NULL OR f.resolved_on > @WeekEnd::date)), false) AS masih,
                coalesce(bool_or(f.resolved_on BETWEEN @WeekStart::date AND @WeekEnd::date), false) AS selesai,
                coalesce(bool_or(f.opened_on <= @WeekEnd::date), false) AS dated
            FROM coverage.flag f
            WHERE f.entry_id = e.id
        ) g
        WHERE e.nik IN (
            SELECT p.nik FROM coverage.flag r JOIN roster.entry p ON p.id = r.entry_id
            WHERE r.resolved_on BETWEEN @WeekStart::date AND @WeekEnd::date)
          AND (e.first_seen_at < @WeekEndsAt OR g.dated)
        OFFSET 0
    ) x
    CROSS JOIN LATERAL (VALUES (x.kode_desa::text), (left(x.kode_desa, 6)), (left(x.kode_desa, 4))) scope(code)
    GROUP BY scope.code, x.nik
) person
WHERE selesai
GROUP BY scope, standing;
