-- provinces.csv: code,name
INSERT INTO ref.province (code, name)
SELECT c1, trim(c2) FROM reference_stage
ON CONFLICT (code) DO UPDATE SET name = excluded.name;
