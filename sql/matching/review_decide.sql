-- An admin's decision on the probable match of one roster entry: stored, so later runs keep it (SPEC 3.3; an acceptance
-- while the person's NIK is in the register and the entry's own NIK does not match by rule 1), and applied now. Returns nothing when the entry has no probable match.
WITH usul AS (
    SELECT m.entry_id, m.member_nik, e.nik AS entry_nik, e.nama_normal, e.tanggal_lahir, e.tanggal_lahir_tertulis
    FROM matching.match m
    JOIN roster.entry e ON e.id = m.entry_id
    WHERE m.entry_id = @Id AND m.is_probable
    FOR UPDATE OF m
),
keputusan AS (
    INSERT INTO matching.review_decision (entry_id, member_nik, keputusan, decided_at)
    SELECT entry_id, member_nik, @Keputusan, @DecidedAt FROM usul
    ON CONFLICT (entry_id, member_nik) DO UPDATE SET keputusan = excluded.keputusan, decided_at = excluded.decided_at
    RETURNING entry_id
),
diterima AS (
    UPDATE matching.match m
    SET metode = 'KEPUTUSAN_ADMIN', is_probable = false, skor = 1.000,
        alasan = matching.alasan_diterima(@DecidedAt, u.entry_nik, u.member_nik, u.nama_normal, u.tanggal_lahir, u.tanggal_lahir_tertulis)
    FROM usul u
    WHERE m.entry_id = u.entry_id AND @Keputusan = 'DITERIMA'
    RETURNING m.entry_id
),
ditolak AS (
    DELETE FROM matching.match m
    USING usul u
    WHERE m.entry_id = u.entry_id AND @Keputusan = 'DITOLAK'
    RETURNING m.entry_id
)
SELECT count(*)::integer FROM keputusan;
