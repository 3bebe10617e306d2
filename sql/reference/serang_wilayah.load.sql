-- serang_wilayah.csv: code,level,name,parent_code; levels kabupaten, kecamatan, desa.
INSERT INTO ref.kecamatan (code, name)
SELECT replace(c1, '.', ''), trim(c3) FROM reference_stage WHERE c2 = 'kecamatan'
ON CONFLICT (code) DO UPDATE SET name = excluded.name;

INSERT INTO ref.desa (code, name, kecamatan_code)
SELECT replace(c1, '.', ''), trim(c3), replace(c4, '.', '') FROM reference_stage WHERE c2 = 'desa'
ON CONFLICT (code) DO UPDATE SET name = excluded.name, kecamatan_code = excluded.kecamatan_code;
