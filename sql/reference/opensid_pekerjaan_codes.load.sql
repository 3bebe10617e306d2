-- opensid_pekerjaan_codes.csv: pekerjaan_id,nama
INSERT INTO ref.pekerjaan (id, nama)
SELECT c1::integer, trim(c2) FROM reference_stage
ON CONFLICT (id) DO UPDATE SET nama = excluded.nama;
