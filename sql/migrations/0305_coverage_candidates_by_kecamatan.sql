-- The incremental night reads a kecamatan's rule 2/3 candidates (sql/coverage/changed_entries.sql) by the kecamatan of
-- the entry's desa, which an entry never changes (its desa is part of its identity), instead of probing them entry by
-- entry.
ALTER TABLE matching.kandidat ADD COLUMN kecamatan_code char(6);

UPDATE matching.kandidat k
SET kecamatan_code = left(e.kode_desa, 6)
FROM roster.entry e
WHERE e.id = k.entry_id;

-- A candidate of an entry deleted since has no kecamatan: it was never read again.
DELETE FROM matching.kandidat WHERE kecamatan_code IS NULL;

ALTER TABLE matching.kandidat ALTER COLUMN kecamatan_code SET NOT NULL;

CREATE INDEX kandidat_kecamatan_idx ON matching.kandidat (kecamatan_code);
