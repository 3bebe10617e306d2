-- The shards of a night: every kecamatan of Kabupaten Serang the run @RunId (if any) has not completed, those with the
-- most roster entries first, so that shards run side by side do not end on the largest alone. How many a kecamatan has
-- is what its latest run counted; only when no kecamatan has run yet is the roster counted, in one pass (0.36 s at the
-- default benchmark scale, before any shard can start: a night does without it).
WITH terakhir AS (
    SELECT DISTINCT ON (r.kecamatan_code) r.kecamatan_code AS code, r.entries
    FROM coverage.run r
    ORDER BY r.kecamatan_code, r.as_of DESC
),
dihitung AS (
    SELECT left(e.kode_desa, 6) AS code, count(*) AS entries
    FROM roster.entry e
    WHERE NOT EXISTS (SELECT 1 FROM coverage.run)
    GROUP BY 1
)
SELECT k.code
FROM ref.kecamatan k
LEFT JOIN terakhir t ON t.code = k.code
LEFT JOIN dihitung d ON d.code = k.code
WHERE NOT EXISTS (SELECT 1 FROM coverage.day_run_shard s WHERE s.run_id = @RunId AND s.kecamatan_code = k.code)
ORDER BY coalesce(t.entries, d.entries) DESC NULLS LAST, k.code;
