-- The snapshot of SPEC 2.1/2.2 for the covered desa (@Desa), limited to @Perans when the source only knows some roles:
-- listed rows appear (or come back), change when their content differs, and listed-before-but-absent rows leave.
-- A person whose row was quarantined this time does not leave: the village listed them, badly.
-- One full join of the snapshot with the desa's entries finds all three (it was two joins of a million rows each), and what
-- differs is written down with statistics: an hourly snapshot changes a few thousand rows, an unchanged row costs nothing more.
DROP TABLE IF EXISTS roster_diff; -- the previous file's, in a run of files (RosterBatch)

CREATE TEMP TABLE roster_diff ON COMMIT DROP AS
SELECT s.nik IS NOT NULL AS listed, s.kode_desa, s.nik, s.peran, s.nama, s.nama_normal, s.tanggal_lahir, s.tanggal_lahir_tertulis, s.jenis_kelamin, s.no_hp, s.peringatan,
       e.id AS entry_id, e.left_at AS was_left_at
FROM (SELECT * FROM roster_stage WHERE alasan IS NULL) s
FULL JOIN (SELECT * FROM roster.entry WHERE kode_desa = ANY (@Desa::char(10)[])) e
       ON e.kode_desa = s.kode_desa AND e.nik = s.nik AND e.peran = s.peran
WHERE CASE
          WHEN e.id IS NULL THEN true
          WHEN s.nik IS NULL THEN e.left_at IS NULL
                                  AND (@Perans::text[] IS NULL OR e.peran = ANY (@Perans::text[]))
                                  AND NOT EXISTS (
                                      SELECT 1 FROM roster_stage q
                                      WHERE q.alasan IS NOT NULL AND q.kode_desa = e.kode_desa AND q.nik = e.nik)
          ELSE e.left_at IS NOT NULL
               OR (e.nama, e.tanggal_lahir, e.tanggal_lahir_tertulis, e.jenis_kelamin, e.no_hp, e.peringatan)
                  IS DISTINCT FROM (s.nama, s.tanggal_lahir, s.tanggal_lahir_tertulis, s.jenis_kelamin, s.no_hp, s.peringatan)
      END;

ANALYZE roster_diff;

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
    RETURNING e.id, CASE WHEN NOT d.listed THEN 'LEAVE' WHEN d.was_left_at IS NULL THEN 'CHANGE' ELSE 'APPEAR' END AS kind
),
events AS (
    INSERT INTO roster.entry_event (entry_id, import_id, kind, at)
    SELECT id, @ImportId, 'APPEAR', @Now FROM inserted
    UNION ALL
    SELECT id, @ImportId, kind, @Now FROM updated
    RETURNING kind
)
SELECT count(*) FILTER (WHERE kind = 'APPEAR') AS appeared,
       count(*) FILTER (WHERE kind = 'CHANGE') AS changed,
       count(*) FILTER (WHERE kind = 'LEAVE') AS departed
FROM events;
