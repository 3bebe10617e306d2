-- districts.csv: code,name,regency_code (dotted codes: 36.04.05)
INSERT INTO ref.district (code, name, regency_code, is_current)
SELECT replace(c1, '.', ''), trim(c2), replace(c3, '.', ''), true FROM reference_stage
ON CONFLICT (code) DO UPDATE
SET name = excluded.name, regency_code = excluded.regency_code, is_current = true;
