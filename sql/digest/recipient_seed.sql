-- One default recipient per scope (the regency, its 29 kecamatan and 326 desa), for a demo or a first setup;
-- existing addresses are left as they are.
INSERT INTO digest.recipient (email, name, scope_code, may_see_full_nik, added_at)
SELECT 'ringkasan-' || s.code || '@' || @Domain, s.name, s.code, false, @Now
FROM (
    SELECT r.code::text AS code, 'Bupati ' || replace(r.name, 'Kabupaten ', '') AS name FROM ref.regency r WHERE r.code = '3604'
    UNION ALL
    SELECT k.code::text, 'Camat ' || k.name FROM ref.kecamatan k
    UNION ALL
    SELECT d.code::text, 'Kepala Desa ' || d.name FROM ref.desa d
) s
ORDER BY char_length(s.code), s.code
ON CONFLICT (lower(email)) WHERE removed_at IS NULL DO NOTHING;
