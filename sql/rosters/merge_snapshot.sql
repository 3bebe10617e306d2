-- The snapshot of SPEC 2.1/2.2 for the covered desa (@Desa), limited to @Perans when the source only knows some roles:
-- listed rows appear (or come back), change when their content differs, and listed-before-but-absent rows leave.
-- A person whose row was quarantined this time does not leave: the village listed them, badly.
WITH diff AS (
    SELECT s.kode_desa, s.nik, s.peran, s.nama, s.tanggal_lahir, s.jenis_kelamin, s.no_hp, s.peringatan,
           e.id AS entry_id, e.left_at AS was_left_at
    FROM roster_stage s
    LEFT JOIN roster.entry e ON e.kode_desa = s.kode_desa AND e.nik = s.nik AND e.peran = s.peran
    WHERE s.alasan IS NULL
      AND (e.id IS NULL
           OR e.left_at IS NOT NULL
           OR (e.nama, e.tanggal_lahir, e.jenis_kelamin, e.no_hp, e.peringatan)
              IS DISTINCT FROM (s.nama, s.tanggal_lahir, s.jenis_kelamin, s.no_hp, s.peringatan))
),
inserted AS (
    INSERT INTO roster.entry (kode_desa, nik, peran, nama, tanggal_lahir, jenis_kelamin, no_hp, peringatan, first_seen_at, changed_at)
    SELECT kode_desa, nik, peran, nama, tanggal_lahir, jenis_kelamin, no_hp, peringatan, @Now, @Now
    FROM diff
    WHERE entry_id IS NULL
    RETURNING id
),
updated AS (
    UPDATE roster.entry e
    SET nama = d.nama, tanggal_lahir = d.tanggal_lahir, jenis_kelamin = d.jenis_kelamin, no_hp = d.no_hp,
        peringatan = d.peringatan, changed_at = @Now, left_at = NULL
    FROM diff d
    WHERE e.id = d.entry_id
    RETURNING e.id, CASE WHEN d.was_left_at IS NULL THEN 'CHANGE' ELSE 'APPEAR' END AS kind
),
departed AS (
    UPDATE roster.entry e
    SET left_at = @Now
    WHERE e.left_at IS NULL
      AND e.kode_desa = ANY (@Desa::char(10)[])
      AND (@Perans::text[] IS NULL OR e.peran = ANY (@Perans::text[]))
      AND NOT EXISTS (
          SELECT 1 FROM roster_stage s
          WHERE s.kode_desa = e.kode_desa AND s.nik = e.nik AND (s.peran = e.peran OR s.alasan IS NOT NULL))
    RETURNING e.id
),
events AS (
    INSERT INTO roster.entry_event (entry_id, import_id, kind, at)
    SELECT id, @ImportId, 'APPEAR', @Now FROM inserted
    UNION ALL
    SELECT id, @ImportId, kind, @Now FROM updated
    UNION ALL
    SELECT id, @ImportId, 'LEAVE', @Now FROM departed
    RETURNING kind
)
SELECT count(*) FILTER (WHERE kind = 'APPEAR') AS appeared,
       count(*) FILTER (WHERE kind = 'CHANGE') AS changed,
       count(*) FILTER (WHERE kind = 'LEAVE') AS departed
FROM events;
