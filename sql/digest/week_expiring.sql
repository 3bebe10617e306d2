-- Once per week's run: per desa, the first @Limit members whose paid-through day falls in the coming window (SPEC 3.2),
-- soonest first. Any scope's first @Limit are among its desa's first @Limit, so every digest's list is cut from these rows.
-- Names compare byte-wise (COLLATE "C"), the order the digest merges them in.
SELECT kode_desa, desa_name, nik, nama, peran, iuran_sampai, entry_id
FROM (
    SELECT
        s.kode_desa,
        d.name AS desa_name,
        e.nik,
        e.nama,
        s.peran,
        s.iuran_sampai,
        s.entry_id,
        row_number() OVER (PARTITION BY s.kode_desa ORDER BY s.iuran_sampai, e.nama COLLATE "C", s.entry_id) AS place
    FROM coverage.entry_status s
    JOIN roster.entry e ON e.id = s.entry_id
    JOIN ref.desa d ON d.code = s.kode_desa
    WHERE s.status IN ('COVERED', 'EXPIRING', 'PARTIAL')
      AND s.iuran_sampai >= @From::date
      AND s.iuran_sampai < @From::date + @WithinDays
      AND e.left_at IS NULL
) first
WHERE place <= @Limit
ORDER BY iuran_sampai, kode_desa, nama COLLATE "C", entry_id;
