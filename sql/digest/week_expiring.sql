-- Once per week's run: per desa, the first @Limit members whose status was EXPIRING at the end of @ThisWeek, the day of the
-- digest's figures (SPEC 3.2: covered, and paid through a day less than Coverage:ExpiringWindowDays after it), rebuilt from
-- the flag history as the attachment is: exactly the people the counts by status give as EXPIRING that day, never PARTIAL
-- members (uncovered, in the attachment) nor a window of the digest's own. Any scope's first @Limit are among its desa's
-- first @Limit, so every digest's list is cut from these rows. desa_total (all the desa's rows) lets a digest check that the
-- flag history gives back as many people as the day's EXPIRING count (not for a day reconciled late, BACKFILL).
-- The paid-through day is the register's present one (coverage.entry_status): given while it still lies in the day's
-- window (unchanged, or expired unpaid since), else null, and renewed when it has moved beyond it; soonest first, the
-- others last. Names compare byte-wise (COLLATE "C"), the order the digest merges them in.
WITH expiring AS (
    SELECT
        e.kode_desa,
        d.name AS desa_name,
        k.name AS kecamatan_name,
        e.nik,
        e.nama,
        e.peran,
        CASE WHEN s.iuran_sampai >= @ThisWeek::date AND s.iuran_sampai < @ThisWeek::date + @WindowDays THEN s.iuran_sampai END AS iuran_sampai,
        coalesce(s.iuran_sampai >= @ThisWeek::date + @WindowDays, false) AS renewed,
        e.id AS entry_id
    FROM coverage.flag f
    JOIN roster.entry e ON e.id = f.entry_id
    JOIN ref.desa d ON d.code = e.kode_desa
    JOIN ref.kecamatan k ON k.code = d.kecamatan_code
    LEFT JOIN coverage.entry_status s ON s.entry_id = e.id
    WHERE f.status = 'EXPIRING'
      AND f.opened_on <= @ThisWeek::date
      AND (f.resolved_on IS NULL OR f.resolved_on > @ThisWeek::date)
)
SELECT kode_desa, desa_name, nik, nama, peran, iuran_sampai, renewed, entry_id, desa_total, kecamatan_name
FROM (
    SELECT
        x.*,
        row_number() OVER (PARTITION BY x.kode_desa ORDER BY x.iuran_sampai NULLS LAST, x.nama COLLATE "C", x.entry_id) AS place,
        (count(*) OVER (PARTITION BY x.kode_desa))::integer AS desa_total
    FROM expiring x
) ranked
WHERE place <= @Limit
ORDER BY iuran_sampai NULLS LAST, kode_desa, nama COLLATE "C", entry_id;
