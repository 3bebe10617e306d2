-- The desa a quarantined row names, digits only ('36.04.05.2001' is desa 3604052001), once, as a column: four queries and
-- the index of migration 0106 wrote the same regexp_replace word for word, and the index served only the query that
-- matched it exactly (rosters/quarantine_rows, digest/week_quarantine and week_quarantine_rows read the column now).
ALTER TABLE roster.quarantine
    ADD COLUMN kode_desa_angka text GENERATED ALWAYS AS (regexp_replace(coalesce(kode_desa, ''), '[^0-9]', '', 'g')) STORED;

DROP INDEX roster.quarantine_unresolved_desa_idx;
CREATE INDEX quarantine_unresolved_desa_idx ON roster.quarantine (kode_desa_angka) WHERE resolved_at IS NULL;
