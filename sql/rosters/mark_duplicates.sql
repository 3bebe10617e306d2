-- The same person and role twice for one desa in one snapshot: the first row counts, the others are quarantined.
UPDATE roster_stage s
SET alasan = @Alasan
FROM (
    SELECT ctid AS row_id
    FROM (
        SELECT ctid, row_number() OVER (PARTITION BY kode_desa, nik, peran ORDER BY baris) AS n
        FROM roster_stage
        WHERE alasan IS NULL
          AND (kode_desa, nik, peran) IN (
              SELECT kode_desa, nik, peran FROM roster_stage WHERE alasan IS NULL
              GROUP BY kode_desa, nik, peran HAVING count(*) > 1)
    ) numbered
    WHERE n > 1
) duplicate
WHERE s.ctid = duplicate.row_id;
