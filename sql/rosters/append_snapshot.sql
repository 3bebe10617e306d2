-- The snapshot of a first import's file whose desa have no entries yet (RosterBatch): every listed row appears, nothing
-- changes or leaves, so diff_snapshot and merge_snapshot would only find what this writes.
WITH inserted AS (
    INSERT INTO roster.entry (kode_desa, nik, peran, nama, nama_normal, tanggal_lahir, tanggal_lahir_tertulis, jenis_kelamin, no_hp, peringatan, first_seen_at, changed_at)
    SELECT kode_desa, nik, peran, nama, nama_normal, tanggal_lahir, tanggal_lahir_tertulis, jenis_kelamin, no_hp, peringatan, @Now, @Now
    FROM roster_stage
    WHERE alasan IS NULL
    RETURNING id
)
INSERT INTO roster.entry_event (entry_id, import_id, kind, at)
SELECT id, @ImportId, 'APPEAR', @Now FROM inserted;
