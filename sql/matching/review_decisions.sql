-- `review decisions`: the admin's decisions in a scope (a kode_desa prefix), the latest first, with what each is now:
-- DITERIMA and DITOLAK hold in every run, DIBATALKAN was taken back by `review undo` (migration 0261), with what it was
-- and when (migration 0262). The id is the roster entry's, as `review list` showed it and `review undo` takes it. @Limit NULL lists them all; total counts the scope's.
-- Both sides' name and birth date come along for an admin who asks to compare (the first register record by KPJ).
SELECT d.entry_id AS id, e.kode_desa AS kodedesa, e.nik AS entrynik, e.nama AS entrynama, e.tanggal_lahir AS entrytanggallahir,
       d.member_nik AS membernik, r.nama AS membernama, r.tanggal_lahir AS membertanggallahir,
       d.keputusan, d.decided_at AS decidedat, d.keputusan_semula AS keputusansemula, d.diputuskan_semula_at AS diputuskansemulaat,
       e.left_at IS NOT NULL AS lefttheroster, count(*) OVER () AS total
FROM matching.review_decision d
JOIN roster.entry e ON e.id = d.entry_id
LEFT JOIN LATERAL (
    SELECT r.nama, r.tanggal_lahir FROM membership.record r WHERE r.nik = d.member_nik ORDER BY r.kpj LIMIT 1
) r ON true
WHERE left(e.kode_desa, length(@Scope)) = @Scope
ORDER BY d.decided_at DESC, d.entry_id
LIMIT @Limit;
