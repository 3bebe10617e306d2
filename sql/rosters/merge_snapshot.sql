-- The differences rosters/diff_snapshot found, written: new entries, changes, comebacks and departures, and their events.
WITH inserted AS (
    INSERT INTO roster.entry (kode_desa, nik, peran, nama, nama_normal, tanggal_lahir, tanggal_lahir_tertulis, jenis_kelamin, no_hp, peringatan, first_seen_at, changed_at)
    SELECT kode_desa, nik, peran, nama, nama_normal, tanggal_lahir, tanggal_lahir_tertulis, jenis_kelamin, no_hp, peringatan, @Now, @Now
    FROM roster_diff
    WHERE entry_id IS NULL
    RETURNING id
),
-- Changes, comebacks and departures in one pass over roster.entry; a departure keeps its content.
updated AS (
    UPDATE roster.entry e
    SET nama = CASE WHEN d.listed THEN d.nama ELSE e.nama END,
        nama_normal = CASE WHEN d.listed THEN d.nama_normal ELSE e.nama_normal END,
        tanggal_lahir = CASE WHEN d.listed THEN d.tanggal_lahir ELSE e.tanggal_lahir END,
        tanggal_lahir_tertulis = CASE WHEN d.listed THEN d.tanggal_lahir_tertulis ELSE e.tanggal_lahir_tertulis END,
        jenis_kelamin = CASE WHEN d.listed THEN d.jenis_kelamin ELSE e.jenis_kelamin END,
        no_hp = CASE WHEN d.listed THEN d.no_hp ELSE e.no_hp END,
        peringatan = CASE WHEN d.listed THEN d.peringatan ELSE e.peringatan END,
        changed_at = CASE WHEN d.listed THEN @Now ELSE e.changed_at END,
        left_at = CASE WHEN d.listed THEN NULL ELSE @Now END
    FROM roster_diff d
    WHERE e.id = d.entry_id AND d.entry_id IS NOT NULL
    RETURNING e.id, e.kode_desa, e.peran, CASE WHEN NOT d.listed THEN 'LEAVE' WHEN d.was_left_at IS NULL THEN 'CHANGE' ELSE 'APPEAR' END AS kind
),
events AS (
    INSERT INTO roster.entry_event (entry_id, import_id, kind, at)
    SELECT id, @ImportId, 'APPEAR', @Now FROM inserted
    UNION ALL
    SELECT id, @ImportId, kind, @Now FROM updated
    RETURNING kind
)
-- appeared: listed for the first time; returned: listed again after having left (an APPEAR event too).
-- perans_absent: the roles of people who left that the file lists nobody in for their desa: the mark of a village that
-- splits its roster by role, one file each, so that each file makes the other's people leave.
SELECT (SELECT count(*) FROM inserted) AS appeared,
       count(*) FILTER (WHERE kind = 'APPEAR') - (SELECT count(*) FROM inserted) AS returned,
       count(*) FILTER (WHERE kind = 'CHANGE') AS changed,
       count(*) FILTER (WHERE kind = 'LEAVE') AS departed,
       (SELECT coalesce(array_agg(DISTINCT u.peran ORDER BY u.peran), '{}')
        FROM updated u
        WHERE u.kind = 'LEAVE'
          AND NOT EXISTS (SELECT 1 FROM roster_stage s WHERE s.alasan IS NULL AND s.kode_desa = u.kode_desa AND s.peran = u.peran)) AS perans_absent
FROM events;
