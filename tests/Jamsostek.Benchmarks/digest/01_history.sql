-- The digest stage's history (untimed, before `digest send`): the latest reconciled day's coverage.daily_count copied to
-- the same weekday of the 11 weeks before, with fewer people covered the further back (k weeks earlier, k * 2% of the
-- COVERED counted as NOT_REGISTERED). So every digest reads and draws a 12-week trend and compares with last week, as it
-- does after three months of nightly runs. Synthetic on purpose: reconciling 11 earlier days (BACKFILL) would cost 11
-- full reconciliations, and the digest reads nothing but coverage.daily_count, daily_people and daily_scope_people for
-- those days. Safe to run again.
WITH latest AS (
    SELECT max(as_of) AS as_of FROM coverage.daily_count
)
INSERT INTO coverage.daily_count (as_of, kode_desa, peran, status, people)
SELECT moved.as_of, moved.kode_desa, moved.peran, moved.status, sum(moved.people)::integer
FROM (
    SELECT latest.as_of - 7 * k AS as_of, c.kode_desa, c.peran, v.status, v.people
    FROM latest
    JOIN coverage.daily_count c ON c.as_of = latest.as_of
    CROSS JOIN generate_series(1, 11) AS k
    CROSS JOIN LATERAL (
        SELECT CASE WHEN c.status = 'COVERED' THEN c.people * k / 50 ELSE 0 END AS lost
    ) l
    CROSS JOIN LATERAL (VALUES (c.status, c.people - l.lost), ('NOT_REGISTERED', l.lost)) AS v (status, people)
) moved
WHERE moved.people > 0
GROUP BY moved.as_of, moved.kode_desa, moved.peran, moved.status
ON CONFLICT DO NOTHING;

-- The same for the people per desa and status (migration 0308), which the headline, status counts and trend read.
WITH latest AS (
    SELECT max(as_of) AS as_of FROM coverage.daily_people
)
INSERT INTO coverage.daily_people (as_of, kode_desa, status, people)
SELECT moved.as_of, moved.kode_desa, moved.status, sum(moved.people)::integer
FROM (
    SELECT latest.as_of - 7 * k AS as_of, c.kode_desa, v.status, v.people
    FROM latest
    JOIN coverage.daily_people c ON c.as_of = latest.as_of
    CROSS JOIN generate_series(1, 11) AS k
    CROSS JOIN LATERAL (
        SELECT CASE WHEN c.status = 'COVERED' THEN c.people * k / 50 ELSE 0 END AS lost
    ) l
    CROSS JOIN LATERAL (VALUES (c.status, c.people - l.lost), ('NOT_REGISTERED', l.lost)) AS v (status, people)
) moved
WHERE moved.people > 0
GROUP BY moved.as_of, moved.kode_desa, moved.status
ON CONFLICT DO NOTHING;

-- The same for the people per kecamatan and for the regency (migration 0311), which those scopes' figures read.
WITH latest AS (
    SELECT max(as_of) AS as_of FROM coverage.daily_scope_people
)
INSERT INTO coverage.daily_scope_people (as_of, scope_code, status, people)
SELECT moved.as_of, moved.scope_code, moved.status, sum(moved.people)::integer
FROM (
    SELECT latest.as_of - 7 * k AS as_of, c.scope_code, v.status, v.people
    FROM latest
    JOIN coverage.daily_scope_people c ON c.as_of = latest.as_of
    CROSS JOIN generate_series(1, 11) AS k
    CROSS JOIN LATERAL (
        SELECT CASE WHEN c.status = 'COVERED' THEN c.people * k / 50 ELSE 0 END AS lost
    ) l
    CROSS JOIN LATERAL (VALUES (c.status, c.people - l.lost), ('NOT_REGISTERED', l.lost)) AS v (status, people)
) moved
WHERE moved.people > 0
GROUP BY moved.as_of, moved.scope_code, moved.status
ON CONFLICT DO NOTHING;
