-- The roles an import speaks for, when its source knows only some (an OpenSID pull or Data Penduduk export: the roles its
-- occupations map to); NULL: every role (a template file). A desa whose OpenSID roles an OpenSID source wrote keeps them
-- apart from its template files (rosters/opensid_desa), whether a feed is configured for it or its operator uploads the
-- export by hand.
ALTER TABLE roster.import ADD COLUMN perans text[];

CREATE INDEX import_opensid_desa_idx ON roster.import (kode_desa) WHERE perans IS NOT NULL;
