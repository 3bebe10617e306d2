-- The floor of reconciliation: SPEC 3.2 for every roster row by exact NIK only (no corrected NIKs, no probable matches),
-- in one statement with hash joins and hash aggregation only. psql variable as_of is the day D.
-- The best record (active before inactive, later iuran_sampai first) is the maximum of one integer key:
--   1,000,000 if AKTIF + days since 1900-01-01 of iuran_sampai x 10 + 1 if both JKK and JKM are joined.
SET enable_mergejoin = off;
SET enable_nestloop = off;

DROP TABLE IF EXISTS floor.entry_status;

CREATE TABLE floor.entry_status AS
WITH roster AS (
    SELECT kode_desa, translate(nik, ' .-', '') AS nik, peran
    FROM floor.roster
),
best AS (
    SELECT m.nik,
           max(CASE WHEN m.status = 'AKTIF' THEN 1000000 ELSE 0 END
               + (coalesce(m.iuran_sampai, date '1900-01-01') - date '1900-01-01') * 10
               + CASE WHEN position('JKK' IN m.program) > 0 AND position('JKM' IN m.program) > 0 THEN 1 ELSE 0 END) AS k
    FROM floor.membership m
    WHERE m.nik IN (SELECT nik FROM roster)
    GROUP BY m.nik
)
SELECT r.kode_desa, r.nik, r.peran,
       CASE
           WHEN b.k IS NULL THEN 'NOT_REGISTERED'
           WHEN b.k < 1000000 THEN 'INACTIVE'
           WHEN date '1900-01-01' + ((b.k - 1000000) / 10) < :'as_of'::date THEN 'LAPSED'
           WHEN b.k % 10 = 0 THEN 'PARTIAL'
           WHEN date '1900-01-01' + ((b.k - 1000000) / 10) < :'as_of'::date + 30 THEN 'EXPIRING'
           ELSE 'COVERED'
       END AS status
FROM roster r
LEFT JOIN best b ON b.nik = r.nik;
