-- What export coverage says beside its rows: the day the scope's statuses are as of, and its roster entries taken since
-- the last reconcile (no status yet: the next reconcile classifies them).
SELECT (SELECT max(s.as_of) FROM coverage.entry_status s WHERE left(s.kode_desa, length(@Scope)) = @Scope) AS asof,
       (SELECT count(*)::int
        FROM roster.entry e
        WHERE e.left_at IS NULL
          AND left(e.kode_desa, length(@Scope)) = @Scope
          AND NOT EXISTS (SELECT 1 FROM coverage.entry_status s WHERE s.entry_id = e.id)) AS notreconciled;
