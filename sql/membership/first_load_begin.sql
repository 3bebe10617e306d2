-- The first file into a register no file has filled yet: the register becomes exactly the file's records, in the
-- importing transaction, copied straight into it (membership/copy_register): there is nothing to diff against, and a
-- staging pass was one more copy of every record (a held-back file rolls all of this back). The secondary indexes are
-- built once after the load (first_load_end): kept up row by row they cost three times the load itself (5,000,000
-- records: 242 s against ~76 s, docs/benchmark-rosters.md). Records written without an import (by hand) are not the
-- truth of any file: they go.
TRUNCATE membership.record;

DROP INDEX membership.record_nik_idx, membership.record_tanggal_nama_idx, membership.record_nama_nik_typo_idx;
