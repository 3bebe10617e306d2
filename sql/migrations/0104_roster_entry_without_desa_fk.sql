-- Every village code is checked against ref.desa before a row is staged (bad codes are quarantined, SPEC 2.1), so the
-- foreign key can never fail on the import path; it only doubled the cost of a first import (docs/benchmark-rosters.md).
ALTER TABLE roster.entry DROP CONSTRAINT entry_kode_desa_fkey;
