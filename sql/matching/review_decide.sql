-- An admin's decision on the probable match of one roster entry (or a rejection of the match an admin accepted): stored, so later runs keep it (SPEC 3.3; an acceptance
-- while the person's NIK is in the register and the entry's own NIK does not match by rule 1), and applied now. Returns
-- whether the entry has a probable match, and the roster entry with another NIK an admin already gave that register
-- person to, if any: one register person is one roster person (SPEC 3.3, one-to-one), so that acceptance is refused.
WITH usul AS (
    SELECT m.entry_id, m.member_nik, e.nik AS entry_nik, e.nama_normal, e.tanggal_lahir, e.tanggal_lahir_tertulis,
           (SELECT min(a.entry_id) FROM matching.diterima_berlaku a WHERE a.member_nik = m.member_nik AND a.nik <> e.nik) AS diambil_oleh
    FROM matching.match m
    JOIN roster.entry e ON e.id = m.entry_id
    -- An acceptance can be taken back: a mistaken one would report a worker COVERED by somebody else's membership for good.
    -- An entry that left is no longer anybody's to decide on.
    -- @Proposed (from a filled-in `review export`, else null): the register person the admin saw proposed. Only that pair,
    -- still awaiting review, is decided: a reconcile since the export may propose another person, or the entry may have
    -- been decided, and the row's decision was never about those.
    WHERE m.entry_id = @Id AND e.left_at IS NULL
      AND (m.is_probable OR (m.metode = 'KEPUTUSAN_ADMIN' AND @Keputusan = 'DITOLAK' AND @Proposed::text IS NULL))
      AND (@Proposed::text IS NULL OR m.member_nik = @Proposed::text)
    FOR UPDATE OF m
),
sah AS (
    SELECT * FROM usul WHERE NOT (@Keputusan = 'DITERIMA' AND diambil_oleh IS NOT NULL)
),
keputusan AS (
    INSERT INTO matching.review_decision (entry_id, member_nik, keputusan, decided_at, decided_by)
    SELECT entry_id, member_nik, @Keputusan, @DecidedAt, @DecidedBy FROM sah
    ON CONFLICT (entry_id, member_nik) DO UPDATE SET keputusan = excluded.keputusan, decided_at = excluded.decided_at,
                                                     decided_by = excluded.decided_by, keputusan_semula = NULL,
                                                     diputuskan_semula_at = NULL, diputuskan_semula_oleh = NULL
    RETURNING entry_id
),
diterima AS (
    UPDATE matching.match m
    SET metode = 'KEPUTUSAN_ADMIN', is_probable = false, skor = 1.000,
        alasan = matching.alasan_diterima(@DecidedAt, u.entry_nik, u.member_nik, u.nama_normal, u.tanggal_lahir, u.tanggal_lahir_tertulis)
    FROM sah u
    WHERE m.entry_id = u.entry_id AND @Keputusan = 'DITERIMA'
    RETURNING m.entry_id
),
ditolak AS (
    DELETE FROM matching.match m
    USING sah u
    WHERE m.entry_id = u.entry_id AND @Keputusan = 'DITOLAK'
    RETURNING m.entry_id
)
-- Why an entry without a probable match has none, for the refusal: its latest decision (DIBATALKAN: taken back by
-- `review undo`, and no reconcile has proposed the match again yet), and whether the entry is listed (false: it left;
-- null: no such entry). With @Proposed: the decision already on that pair (a filled-in export imported again), and
-- whether the entry awaits review with another register person.
SELECT EXISTS (SELECT 1 FROM usul) AS probable, (SELECT diambil_oleh FROM usul) AS takenby,
       (SELECT d.keputusan FROM matching.review_decision d WHERE d.entry_id = @Id ORDER BY d.decided_at DESC LIMIT 1) AS keputusan,
       (SELECT e.left_at IS NULL FROM roster.entry e WHERE e.id = @Id) AS listed,
       (SELECT d.keputusan FROM matching.review_decision d WHERE d.entry_id = @Id AND d.member_nik = @Proposed::text) AS keputusanpasangan,
       EXISTS (SELECT 1 FROM matching.match m WHERE m.entry_id = @Id AND m.is_probable AND m.member_nik <> @Proposed::text) AS diusulkanlain;
