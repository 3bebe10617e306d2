-- The newest complete file is the truth as of its date: the register is swapped whole, in the importing transaction,
-- so readers see the old register or the new one and never a mix. Several records per person are kept (SPEC 2.3).
DELETE FROM membership.record;

INSERT INTO membership.record (nik, kpj, nama, nama_normal, tanggal_lahir, segmen, program, status, iuran_sampai)
SELECT nik, kpj, nama, nama_normal, tanggal_lahir, segmen, program, status, iuran_sampai
FROM membership_staging;

INSERT INTO membership.import (file_name, file_hash, rows, bad_rows, as_of, imported_at)
VALUES (@FileName, @FileHash, @Rows, @BadRows, @AsOf::date, @ImportedAt);
