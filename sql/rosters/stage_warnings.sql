-- The file's rows taken with SPEC 3.1 warnings (a birth date or sex the NIK contradicts, an age outside 15-80, a Papua
-- regency code of before the split), by row number, for the report beside it in the inbox's archive/: SPEC 3.1 has the
-- contradiction reported to the village. The first @Limit.
SELECT baris, array_to_string(peringatan, '; ') AS alasan
FROM roster_stage
WHERE alasan IS NULL
  AND cardinality(peringatan) > 0
ORDER BY baris
LIMIT @Limit;
