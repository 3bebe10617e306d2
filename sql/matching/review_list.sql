-- Probable matches awaiting an admin's decision (SPEC 3.3), by desa.
SELECT m.entry_id AS id, e.kode_desa AS kodedesa, e.nik AS entrynik, m.member_nik AS membernik, m.metode, m.skor, m.alasan
FROM matching.match m
JOIN roster.entry e ON e.id = m.entry_id
WHERE m.is_probable
ORDER BY e.kode_desa, m.entry_id;
