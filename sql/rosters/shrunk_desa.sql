-- The first desa of this snapshot that lists fewer than half of the people on its roster now (for the roles the source
-- knows, less a feed's roles in the desa it pulls: diff_snapshot), when it has at least @FromEntries, or nobody at all: a
-- filtered spreadsheet or a truncated pull would make the others leave. An empty pull (the server's filter or the
-- token's region not matching the desa) emptied a desa smaller than @FromEntries.
-- A bad row counts as listed when it keeps its person from leaving (its NIK or, without one, its name: diff_snapshot).
WITH aktif AS (
    SELECT e.kode_desa, count(*) AS orang
    FROM roster.entry e
    WHERE e.kode_desa = ANY (@Desa::char(10)[])
      AND e.left_at IS NULL
      AND (@Perans::text[] IS NULL OR e.peran = ANY (@Perans::text[]))
      AND NOT (e.kode_desa = ANY (@FeedDesa::char(10)[]) AND e.peran = ANY (@FeedPerans::text[]))
    GROUP BY e.kode_desa
),
tercantum AS (
    SELECT s.kode_desa, count(*) AS orang
    -- A bad row without a desa code (empty, or a code that is none) in a file of one desa is that desa's (diff_snapshot).
    FROM (SELECT coalesce(r.kode_desa, CASE WHEN cardinality(@Desa::char(10)[]) = 1 AND r.alasan IS NOT NULL THEN (@Desa::char(10)[])[1] END) AS kode_desa,
                 r.alasan, r.nik, r.nama_normal, r.peran
          FROM roster_stage r) s
    WHERE s.kode_desa = ANY (@Desa::char(10)[])
      AND (s.alasan IS NULL OR s.nik IS NOT NULL OR s.nama_normal IS NOT NULL)
      AND NOT (s.kode_desa = ANY (@FeedDesa::char(10)[]) AND s.peran = ANY (@FeedPerans::text[]))
    GROUP BY s.kode_desa
)
-- For the village's report: the desa's name, and the roles on its roster the snapshot lists nobody in (a roster split by
-- role, one file each, is the usual cause).
SELECT a.kode_desa AS kodedesa, coalesce(t.orang, 0) AS tercantum, a.orang AS aktif,
       (SELECT d.name FROM ref.desa d WHERE d.code = a.kode_desa) AS namadesa,
       ARRAY(SELECT DISTINCT e.peran
             FROM roster.entry e
             WHERE e.kode_desa = a.kode_desa
               AND e.left_at IS NULL
               AND (@Perans::text[] IS NULL OR e.peran = ANY (@Perans::text[]))
               AND NOT (e.kode_desa = ANY (@FeedDesa::char(10)[]) AND e.peran = ANY (@FeedPerans::text[]))
               AND NOT EXISTS (SELECT 1 FROM roster_stage s WHERE s.alasan IS NULL AND s.kode_desa = e.kode_desa AND s.peran = e.peran)
             ORDER BY e.peran) AS peranstidakada
FROM aktif a
LEFT JOIN tercantum t ON t.kode_desa = a.kode_desa
WHERE (a.orang >= @FromEntries OR t.orang IS NULL)
  AND coalesce(t.orang, 0) * 2 < a.orang
ORDER BY a.kode_desa
LIMIT 1;
