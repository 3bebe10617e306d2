-- `review export`: the queue of review_list.sql (the same rows, in the same order: keep the two in step), every one of
-- the scope, with what the staff who check with the villages need beside it: the desa's name, the role, the register
-- person's KPJ (the first record by KPJ, as the list shows). Every column text as the file gets it; keputusan is left
-- empty for the admin to fill in (`review import`). Read as a stream, never buffered: a regency's queue is ~100,000 rows.
SELECT m.entry_id::text AS id, e.kode_desa::text, d.name AS desa, e.peran,
       e.nik::text, e.nama, to_char(e.tanggal_lahir, 'YYYY-MM-DD') AS tanggal_lahir,
       m.member_nik::text AS nik_bpjs, r.nama AS nama_bpjs, to_char(r.tanggal_lahir, 'YYYY-MM-DD') AS tanggal_lahir_bpjs, r.kpj,
       m.skor::text, m.alasan, NULL::text AS keputusan
FROM matching.match m
JOIN roster.entry e ON e.id = m.entry_id
-- Left: roster.entry no longer refers to ref.desa (migration 0104), and the list must not lose a row for a name.
LEFT JOIN ref.desa d ON d.code = e.kode_desa
LEFT JOIN LATERAL (
    SELECT r.nama, r.tanggal_lahir, r.kpj FROM membership.record r WHERE r.nik = m.member_nik ORDER BY r.kpj LIMIT 1
) r ON true
WHERE m.is_probable
  AND e.left_at IS NULL
  AND left(e.kode_desa, length(@Scope)) = @Scope
ORDER BY m.skor DESC, e.kode_desa, m.entry_id;
