-- The names of a digest scope: the regency, a kecamatan or a desa of Kabupaten Serang; no row when the code is none of them.
SELECT r.code AS code, 'REGENCY' AS level, r.name AS name, NULL AS kecamatan_name
FROM ref.regency r
WHERE r.code = @Scope AND r.code = '3604'
UNION ALL
SELECT k.code, 'KECAMATAN', k.name, k.name
FROM ref.kecamatan k
WHERE k.code = @Scope
UNION ALL
SELECT d.code, 'DESA', d.name, k.name
FROM ref.desa d
JOIN ref.kecamatan k ON k.code = d.kecamatan_code
WHERE d.code = @Scope;
