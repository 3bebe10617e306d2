-- districts_historical.csv: code,name,regency_code,last_seen_in
INSERT INTO ref.district (code, name, regency_code, is_current)
SELECT replace(c1, '.', ''), trim(c2), replace(c3, '.', ''), false FROM reference_stage
ON CONFLICT (code) DO UPDATE
SET name = excluded.name, regency_code = excluded.regency_code
WHERE NOT ref.district.is_current;
