-- regencies_historical.csv: code,name,province_code,last_seen_in,note
-- A code that is current again keeps its current row.
INSERT INTO ref.regency (code, name, province_code, is_current, note)
SELECT replace(c1, '.', ''), trim(c2), c3, false, concat_ws('; ', 'last seen in ' || c4, c5) FROM reference_stage
ON CONFLICT (code) DO UPDATE
SET name = excluded.name, province_code = excluded.province_code, note = excluded.note
WHERE NOT ref.regency.is_current;
