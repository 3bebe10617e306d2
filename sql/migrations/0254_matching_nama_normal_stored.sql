-- The name normaliser moves from PL/pgSQL into the importers (Jamsostek.Matching.NamaNormal, the same rules as 0252):
-- at ~21 µs a row it was half of a roster import's server time, through the expression index, and 100 s of CPU for a
-- 5-million-record register through the generated column (docs/benchmark-rosters.md). Both tables now store the
-- normalised name as a plain column that the importer fills; the values already stored are the old function's.
ALTER TABLE roster.entry ADD COLUMN nama_normal text;
UPDATE roster.entry SET nama_normal = matching.nama_normal(nama);
ALTER TABLE roster.entry ALTER COLUMN nama_normal SET NOT NULL;

-- Rules 2 and 3 look roster entries up by birth date and normalised name, as before, now by the stored column.
DROP INDEX roster.entry_tanggal_nama_normal_idx;
CREATE INDEX entry_tanggal_nama_normal_idx ON roster.entry (tanggal_lahir, nama_normal);

-- The register keeps its values; the importer writes the column from now on.
ALTER TABLE membership.record ALTER COLUMN nama_normal DROP EXPRESSION;
ALTER TABLE membership.record ALTER COLUMN nama_normal SET NOT NULL;

DROP FUNCTION matching.nama_normal(text);

ANALYZE roster.entry;
