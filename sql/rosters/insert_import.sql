INSERT INTO roster.import (sumber, jenis, kode_desa, sha256, imported_at, desa_count, perans)
VALUES (@Sumber, @Jenis, @KodeDesa, @Sha256, @Now, cardinality(@Desa::text[]), @Perans::text[])
RETURNING id;
