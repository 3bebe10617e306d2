-- The acceptances in force (SPEC 3.3), one definition for the matcher and the review command. An admin decides about a
-- person listed in a desa, not about one of their roles: the latest decision on (desa, NIK, register person), whichever
-- role it was made on, is the one that counts, and only while that person is listed there. Counting every acceptance,
-- one taken back on the person's other role (a later rejection) still held the register person, who was never proposed
-- to anybody again and could not be freed.
CREATE VIEW matching.diterima_berlaku AS
SELECT d.entry_id, e.kode_desa, e.nik, d.member_nik, d.decided_at
FROM matching.review_decision d
JOIN roster.entry e ON e.id = d.entry_id
WHERE d.keputusan = 'DITERIMA'
  AND NOT EXISTS (
      SELECT 1
      FROM matching.review_decision later
      JOIN roster.entry le ON le.id = later.entry_id
      WHERE later.member_nik = d.member_nik
        AND le.kode_desa = e.kode_desa
        AND le.nik = e.nik
        AND later.decided_at > d.decided_at)
  AND EXISTS (
      SELECT 1 FROM roster.entry listed
      WHERE listed.kode_desa = e.kode_desa AND listed.nik = e.nik AND listed.left_at IS NULL);

-- The view looks for a later decision on the same register person whatever it was (0251 indexed acceptances only).
CREATE INDEX review_decision_member_all_idx ON matching.review_decision (member_nik);
