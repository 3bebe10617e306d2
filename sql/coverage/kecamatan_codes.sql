-- The shards of a night: every kecamatan of Kabupaten Serang.
SELECT code FROM ref.kecamatan ORDER BY code;
