-- serang_name_variants.csv: code,level,name_2025,variants ('|'-separated spellings from earlier decrees and BPS).
UPDATE ref.desa AS d
SET name_variants = coalesce(string_to_array(nullif(s.c4, ''), '|'), '{}')
FROM reference_stage AS s
WHERE s.c2 = 'desa' AND d.code = replace(s.c1, '.', '');
