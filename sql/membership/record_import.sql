-- The accepted file, for idempotence (its hash) and for the half-size rule of the next file (SPEC 2.4).
INSERT INTO membership.import (file_name, file_hash, rows, bad_rows, as_of, imported_at)
VALUES (@FileName, @FileHash, @Rows, @BadRows, @AsOf::date, @ImportedAt);
