-- The shards of a night: every kecamatan of Kabupaten Serang, those with the most roster entries first, so that shards
-- run side by side do not end on the largest alone.
SELECT k.code
FROM ref.kecamatan k
ORDER BY (SELECT count(*) FROM roster.entry e WHERE left(e.kode_desa, 6) = k.code) DESC, k.code;
