-- Rule 1 of SPEC 3.3 for one kecamatan: a roster entry whose NIK is in the register is a match.
DELETE FROM matching.match m
USING roster.entry e
WHERE m.entry_id = e.id
  AND left(e.kode_desa, 6) = @KodeKecamatan;

INSERT INTO matching.match (entry_id, member_nik, metode, is_probable, skor, alasan)
SELECT e.id, e.nik, 'NIK', false, 1.000, 'NIK sama persis dengan data kepesertaan BPJS Ketenagakerjaan'
FROM roster.entry e
WHERE left(e.kode_desa, 6) = @KodeKecamatan
  AND e.left_at IS NULL
  AND EXISTS (SELECT 1 FROM membership.record r WHERE r.nik = e.nik);
