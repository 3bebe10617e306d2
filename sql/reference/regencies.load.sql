-- regencies.csv: code,name,province_code (dotted codes: 36.04)
INSERT INTO ref.regency (code, name, province_code, is_current, note)
SELECT replace(c1, '.', ''), trim(c2), c3, true, NULL FROM reference_stage
ON CONFLICT (code) DO UPDATE
SET name = excluded.name, province_code = excluded.province_code, is_current = true, note = NULL;
