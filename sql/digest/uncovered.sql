-- Everyone in the scope the regency would enrol (SPEC 3.4: NOT_REGISTERED, INACTIVE, LAPSED, PARTIAL), for the CSV attachment.
-- The roster row is fetched per status row by its key (LATERAL ... OFFSET 0), whatever the statistics say: right after a
-- large import or reconcile, before autovacuum analyses, the planner merge-joined along roster.entry's whole primary key,
-- reading up to every entry of the regency for one desa's list.
SELECT s.kode_desa, d.name AS desa_name, e.nik, e.nama, s.peran, s.status, s.kpj, s.iuran_sampai
FROM coverage.entry_status s
JOIN ref.desa d ON d.code = s.kode_desa
CROSS JOIN LATERAL (
    SELECT r.nik, r.nama FROM roster.entry r WHERE r.id = s.entry_id AND r.left_at IS NULL OFFSET 0
) e
WHERE s.kode_desa BETWEEN rpad(@Scope, 10, '0')::char(10) AND rpad(@Scope, 10, '9')::char(10)
  AND s.status IN ('NOT_REGISTERED', 'INACTIVE', 'LAPSED', 'PARTIAL')
ORDER BY s.kode_desa, s.status, e.nama, s.entry_id;
