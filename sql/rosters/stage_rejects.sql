-- The file's quarantined rows by row number, for the report beside it in the inbox's archive/ (what the village must fix);
-- the first @Limit: `export rejects` lists every one. A duplicate names the row it repeats, which the village keeps or
-- corrects (a NIK pasted onto the wrong person repeats another's). The rows it may repeat are the good ones of its key.
SELECT baris, alasan
FROM (
    SELECT s.baris,
           CASE
               WHEN s.alasan = @BarisGanda THEN format('%s (baris %s).', rtrim(s.alasan, '.'),
                   min(s.baris) FILTER (WHERE s.alasan IS NULL OR s.alasan = @BarisGanda) OVER (PARTITION BY s.kode_desa, s.nik, s.peran))
               ELSE s.alasan
           END AS alasan
    FROM roster_stage s
    WHERE s.alasan IS NOT NULL
       OR (s.kode_desa, s.nik, s.peran) IN (SELECT kode_desa, nik, peran FROM roster_stage WHERE alasan = @BarisGanda)
) r
WHERE alasan IS NOT NULL
ORDER BY baris
LIMIT @Limit;
