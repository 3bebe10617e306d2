-- A village's own file (a template of one desa) now records its desa, as a pull and an OpenSID export already did. A row
-- of that file whose desa code is no desa is that desa's, and the desa's next full snapshot resolves it
-- (rosters/quarantine_rows): villages name files by date, so the file that mends the code never has the same name.
CREATE INDEX import_desa_file_idx ON roster.import (kode_desa) WHERE jenis = 'FILE' AND perans IS NULL;

CREATE INDEX quarantine_unresolved_import_idx ON roster.quarantine (import_id) WHERE resolved_at IS NULL;
