-- The file's quarantined rows by row number, for the report beside it in the inbox's archive/ (what the village must fix);
-- the first @Limit: `export rejects` lists every one.
SELECT baris, alasan
FROM roster_stage
WHERE alasan IS NOT NULL
ORDER BY baris
LIMIT @Limit;
