-- The scope's parts, worst coverage first: kecamatan of the regency, desa of a kecamatan, roles in a desa.
-- Covered means COVERED or EXPIRING (SPEC 3.2: expiring members are still covered today).
-- Kecamatan and desa count people, a NIK once in each (a kecamatan's figures are its own digest's headline); a person
-- listed in two desa is in both desa's lines, or in two kecamatan's, so the lines may add up to more than the scope's
-- people, as a desa's roles do: they count entries, a person listed under two roles being one line in each.
WITH counts AS (
    SELECT
        p.scope_code AS child_code,
        p.as_of,
        sum(p.people)::integer AS people,
        (sum(p.people) FILTER (WHERE p.status IN ('COVERED', 'EXPIRING')))::integer AS covered
    FROM coverage.daily_scope_people p
    WHERE char_length(@Scope) = 4
      AND p.as_of IN (@ThisWeek::date, @LastWeek::date)
      AND char_length(p.scope_code) = 6
      AND left(p.scope_code, 4) = @Scope
    GROUP BY 1, p.as_of
    UNION ALL
    SELECT
        p.kode_desa::text,
        p.as_of,
        sum(p.people)::integer,
        (sum(p.people) FILTER (WHERE p.status IN ('COVERED', 'EXPIRING')))::integer
    FROM coverage.daily_people p
    WHERE char_length(@Scope) = 6
      AND p.as_of IN (@ThisWeek::date, @LastWeek::date)
      AND p.kode_desa BETWEEN rpad(@Scope, 10, '0')::char(10) AND rpad(@Scope, 10, '9')::char(10)
    GROUP BY 1, p.as_of
    UNION ALL
    SELECT
        c.peran,
        c.as_of,
        sum(c.people)::integer,
        (sum(c.people) FILTER (WHERE c.status IN ('COVERED', 'EXPIRING')))::integer
    FROM coverage.daily_count c
    WHERE char_length(@Scope) = 10
      AND c.as_of IN (@ThisWeek::date, @LastWeek::date)
      AND c.kode_desa BETWEEN rpad(@Scope, 10, '0')::char(10) AND rpad(@Scope, 10, '9')::char(10)
    GROUP BY 1, c.as_of
),
children AS (
    SELECT k.code::text AS child_code, k.name AS child_name FROM ref.kecamatan k WHERE char_length(@Scope) = 4
    UNION ALL
    SELECT d.code::text, d.name FROM ref.desa d WHERE char_length(@Scope) = 6 AND d.kecamatan_code = @Scope
    UNION ALL
    SELECT DISTINCT c.child_code, c.child_code FROM counts c WHERE char_length(@Scope) = 10
)
SELECT
    ch.child_code AS code,
    ch.child_name AS name,
    coalesce(t.people, 0) AS people,
    coalesce(t.covered, 0) AS covered,
    l.people AS last_week_people,
    coalesce(l.covered, 0) AS last_week_covered
FROM children ch
LEFT JOIN counts t ON t.child_code = ch.child_code AND t.as_of = @ThisWeek::date
LEFT JOIN counts l ON l.child_code = ch.child_code AND l.as_of = @LastWeek::date
ORDER BY
    CASE WHEN coalesce(t.people, 0) = 0 THEN 1 ELSE 0 END,
    coalesce(t.covered, 0)::numeric / nullif(t.people, 0),
    coalesce(t.people, 0) DESC,
    ch.child_code;
