-- Everyone in the scope the regency would enrol (SPEC 3.4: NOT_REGISTERED, INACTIVE, LAPSED, PARTIAL), for the CSV attachment.
SELECT s.kode_desa, d.name AS desa_name, e.nik, e.nama, s.peran, s.status, s.kpj, s.iuran_sampai
FROM coverage.entry_status s
JOIN roster.entry e ON e.id = s.entry_id
JOIN ref.desa d ON d.code = s.kode_desa
WHERE s.kode_desa BETWEEN rpad(@Scope, 10, '0')::char(10) AND rpad(@Scope, 10, '9')::char(10)
  AND s.status IN ('NOT_REGISTERED', 'INACTIVE', 'LAPSED', 'PARTIAL')
  AND e.left_at IS NULL
ORDER BY s.kode_desa, s.status, e.nama, s.entry_id;
