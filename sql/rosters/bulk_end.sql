-- What bulk_begin dropped, built once over the whole run's rows (the key by bulk_key), and statistics for the matcher's
-- plans (autovacuum would catch up only later).
CREATE INDEX entry_nik_idx ON roster.entry (nik);
CREATE INDEX entry_kecamatan_idx ON roster.entry (left(kode_desa, 6));
CREATE INDEX entry_tanggal_nama_normal_idx ON roster.entry (tanggal_lahir, nama_normal);
CREATE INDEX entry_nama_nik_typo_idx ON roster.entry (nama_normal, left(nik, 5), right(nik, 3));
CREATE INDEX entry_event_entry_idx ON roster.entry_event (entry_id);
CREATE INDEX entry_event_at_brin ON roster.entry_event USING brin (at);

ANALYZE roster.entry, roster.entry_event;
