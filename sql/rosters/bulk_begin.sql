-- A run of files into an empty roster (a first import): the secondary indexes of roster.entry and roster.entry_event are
-- built once when the run commits (bulk_end) instead of being kept up row by row, which was about 70 % of a first import's
-- server time (docs/benchmark-rosters.md). The primary keys and entry_person_role_key stay: the merge looks entries up by
-- them. The indexes are those of migrations 0100, 0102, 0103, 0253 and 0254 word for word (RosterFileImportTests compares
-- them with the migrated database's). Readers of roster.entry wait for the run's commit.
DROP INDEX roster.entry_nik_idx, roster.entry_kecamatan_idx, roster.entry_tanggal_nama_normal_idx,
    roster.entry_event_entry_idx, roster.entry_event_at_brin;
