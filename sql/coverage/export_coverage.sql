-- SPEC 5 export coverage: one row per active roster entry as last reconciled, in the scope (a code prefix:
-- 3604 for the regency, 6 digits for a kecamatan, 10 for a desa). Read as a stream, never buffered. A person who left
-- the roster since the last reconcile is not listed (SPEC 2.1: no longer counted), though their status stays until then.
-- An entry left without a match after an admin rejected its probable match says so in alasan, which is otherwise empty
-- for it: the admin who reads NOT_REGISTERED where the review showed a candidate sees why (`review decisions`). A
-- rejection holds for the person listed in the desa, whichever role it was made on (matching/review_decide.sql).
WITH ditolak AS (
    SELECT de.kode_desa, de.nik, max(d.decided_at) AS decided_at
    FROM matching.review_decision d
    JOIN roster.entry de ON de.id = d.entry_id
    WHERE d.keputusan = 'DITOLAK'
    GROUP BY de.kode_desa, de.nik
)
-- Every column text as the file gets it.
SELECT s.kode_desa, e.nik, e.nama, s.peran, s.status, s.kpj, s.metode, s.skor::text,
       CASE
           WHEN s.metode IS NULL AND t.decided_at IS NOT NULL
               THEN format('Tanpa kecocokan: kemungkinan kecocokan ditolak admin pada %s',
                           to_char(t.decided_at AT TIME ZONE 'Asia/Jakarta', 'YYYY-MM-DD'))
           ELSE s.alasan
       END AS alasan
FROM coverage.entry_status s
JOIN roster.entry e ON e.id = s.entry_id
LEFT JOIN ditolak t ON t.kode_desa = e.kode_desa AND t.nik = e.nik
WHERE left(s.kode_desa, length(@Scope)) = @Scope
  AND e.left_at IS NULL
ORDER BY s.kode_desa, e.nik, s.peran;
