-- Every roster snapshot resolves the unresolved rejects of its source or of a desa it covers (rosters/quarantine_rows):
-- with these two partial indexes that is a lookup by each, where it was a regexp_replace over every unresolved reject for
-- each of a district's 326 per-desa files (docs/benchmark-rosters.md, fifth round). The expression is the query's, word for word.
CREATE INDEX quarantine_unresolved_sumber_idx ON roster.quarantine (sumber) WHERE resolved_at IS NULL;
CREATE INDEX quarantine_unresolved_desa_idx ON roster.quarantine ((regexp_replace(coalesce(kode_desa, ''), '[^0-9]', '', 'g')))
    WHERE resolved_at IS NULL;
