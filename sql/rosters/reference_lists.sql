-- What a roster row is checked against (SPEC 2.1, 3.1), read once per import.
SELECT code FROM ref.province;
SELECT code FROM ref.regency;
SELECT code FROM ref.district WHERE is_current;
SELECT code FROM ref.desa;
SELECT pekerjaan_id, peran FROM ref.pekerjaan_peran;
SELECT id, nama FROM ref.pekerjaan;
