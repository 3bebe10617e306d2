-- Everyone in the scope the regency would enrol (SPEC 3.4: NOT_REGISTERED, INACTIVE, LAPSED, PARTIAL) as of @AsOf, the day
-- the digest's figures are of, for the CSV attachment: the entries whose flag of one of those statuses was open at the end of
-- that day (coverage.flag keeps every status's history, SPEC 3.2), including people who have left the roster since.
-- coverage.entry_status holds the present only (by the Monday 07:00 run, already that night's): its kpj and iuran_sampai are
-- given when the entry's status is still the one of @AsOf, and left empty when it has changed since.
-- The flag and the present status are fetched per entry by their keys (LATERAL ... OFFSET 0), whatever the statistics say:
-- right after a large import or reconcile, before autovacuum analyses, a plan that hashes the whole flag history for one
-- desa's list is possible.
SELECT e.kode_desa, d.name AS desa_name, e.nik, e.nama, e.peran, f.status,
       CASE WHEN s.status = f.status THEN s.kpj END AS kpj,
       CASE WHEN s.status = f.status THEN s.iuran_sampai END AS iuran_sampai
FROM roster.entry e
JOIN ref.desa d ON d.code = e.kode_desa
CROSS JOIN LATERAL (
    SELECT g.status
    FROM coverage.flag g
    WHERE g.entry_id = e.id
      AND g.status IN ('NOT_REGISTERED', 'INACTIVE', 'LAPSED', 'PARTIAL')
      AND g.opened_on <= @AsOf::date
      AND (g.resolved_on IS NULL OR g.resolved_on > @AsOf::date)
    OFFSET 0
) f
LEFT JOIN LATERAL (
    SELECT x.status, x.kpj, x.iuran_sampai FROM coverage.entry_status x WHERE x.entry_id = e.id OFFSET 0
) s ON true
WHERE e.kode_desa BETWEEN rpad(@Scope, 10, '0')::char(10) AND rpad(@Scope, 10, '9')::char(10)
ORDER BY e.kode_desa, f.status, e.nama, e.id;
