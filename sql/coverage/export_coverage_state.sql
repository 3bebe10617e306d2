-- What export coverage says beside its rows: the day the scope's statuses are as of, and its roster entries taken since
-- the last reconcile (no status yet: the next reconcile classifies them). A kecamatan's statuses hold as of its latest
-- FULL run (docs/coverage.md); entry_status.as_of is only the day a row last changed, weeks back for a quiet desa.
-- The scope's oldest such day: every row of the export is at least that fresh.
SELECT (SELECT min(terakhir.as_of)
        FROM (SELECT max(r.as_of) AS as_of
              FROM coverage.run r
              WHERE r.mode = 'FULL'
                AND left(r.kecamatan_code, least(length(@Scope), 6)) = left(@Scope, 6)
              GROUP BY r.kecamatan_code) terakhir) AS asof,
       (SELECT count(*)::int
        FROM roster.entry e
        WHERE e.left_at IS NULL
          AND left(e.kode_desa, length(@Scope)) = @Scope
          AND NOT EXISTS (SELECT 1 FROM coverage.entry_status s WHERE s.entry_id = e.id)) AS notreconciled;
