-- Kecamatan whose shard of the day has not completed.
SELECT count(*)::int
FROM ref.kecamatan k
WHERE NOT EXISTS (SELECT 1 FROM coverage.run r WHERE r.as_of = @AsOf AND r.kecamatan_code = k.code);
