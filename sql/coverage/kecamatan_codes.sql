-- The shards of a night: every kecamatan of Kabupaten Serang, those with the most roster entries first, so that shards
-- run side by side do not end on the largest alone. The roster is counted in one pass: counted per kecamatan through
-- its index, it took 0.87 s before any shard could start at the default benchmark scale (0.36 s so).
SELECT k.code
FROM ref.kecamatan k
LEFT JOIN (
    SELECT left(e.kode_desa, 6) AS code, count(*) AS entries
    FROM roster.entry e
    GROUP BY 1
) r ON r.code = k.code
ORDER BY r.entries DESC NULLS LAST, k.code;
