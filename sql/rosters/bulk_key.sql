-- What bulk_begin dropped for the merge's lookups (migration 0100's key), built over the rows written so far.
ALTER TABLE roster.entry ADD CONSTRAINT entry_person_role_key UNIQUE (kode_desa, nik, peran);
