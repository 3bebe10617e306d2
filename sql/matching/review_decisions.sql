-- `review decisions`: the admin's decisions in a scope (a kode_desa prefix), the latest first, with what each is now:
-- DITERIMA and DITOLAK hold in every run, DIBATALKAN was taken back by `review undo` (migration 0261), with what it was
-- and when (migration 0262), and who decided (migration 0263). The id is the roster entry's, as `review list` showed it and `review undo` takes it. @Limit NULL lists them all; total counts the scope's.
-- Both sides' name and birth date come along for an admin who asks to compare (the first register record by KPJ).
-- The scope's decisions are limited first, and the register looked up only for those shown (as review_list.sql does).
WITH shown AS (
    SELECT d.entry_id, d.member_nik, d.keputusan, d.decided_at, d.decided_by, d.keputusan_semula, d.diputuskan_semula_at,
           d.diputuskan_semula_oleh,
           e.kode_desa, e.nik, e.nama, e.tanggal_lahir, e.left_at, count(*) OVER () AS total
    FROM matching.review_decision d
    JOIN roster.entry e ON e.id = d.entry_id
    WHERE left(e.kode_desa, length(@Scope)) = @Scope
    ORDER BY d.decided_at DESC, d.entry_id
    LIMIT @Limit
)
SELECT s.entry_id AS id, s.kode_desa AS kodedesa, s.nik AS entrynik, s.nama AS entrynama, s.tanggal_lahir AS entrytanggallahir,
       s.member_nik AS membernik, r.nama AS membernama, r.tanggal_lahir AS membertanggallahir,
       s.keputusan, s.decided_at AS decidedat, s.decided_by AS decidedby, s.keputusan_semula AS keputusansemula,
       s.diputuskan_semula_at AS diputuskansemulaat, s.diputuskan_semula_oleh AS diputuskansemulaoleh,
       s.left_at IS NOT NULL AS lefttheroster, s.total
FROM shown s
LEFT JOIN LATERAL (
    SELECT r.nama, r.tanggal_lahir FROM membership.record r WHERE r.nik = s.member_nik ORDER BY r.kpj LIMIT 1
) r ON true
ORDER BY s.decided_at DESC, s.entry_id;
