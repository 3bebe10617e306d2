-- A run of files into an empty roster (a first import): the secondary indexes of roster.entry and roster.entry_event and
-- the unique key entry_person_role_key are built once when the run commits (bulk_end, bulk_key) instead of being kept up
-- row by row, which was most of a first import's server time (docs/benchmark-rosters.md). A file whose desa have no
-- entries yet is only appended (append_snapshot), which needs neither; the first file of the run for a desa already
-- written builds the key again before its merge looks entries up by it (RosterBatch). The indexes are those of
-- migrations 0100, 0102, 0103, 0253, 0254 and 0307 word for word (RosterFileImportTests compares them with the migrated
-- database's). Readers of roster.entry wait for the run's commit.
SET LOCAL maintenance_work_mem = '256MB';

DROP INDEX roster.entry_nik_idx, roster.entry_kecamatan_idx, roster.entry_tanggal_nama_normal_idx, roster.entry_nama_nik_typo_idx,
    roster.entry_event_entry_idx, roster.entry_event_at_brin;
ALTER TABLE roster.entry DROP CONSTRAINT entry_person_role_key;
