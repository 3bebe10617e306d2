-- The incremental night (docs/coverage.md, "The incremental night", row c): an entry is redone when the records of the
-- person it is matched to changed. A rule 1 match is to the entry's own NIK, which row b finds already; the few other
-- matches (rules 2 and 3, an admin's decision: about 63,000 of 466,000 at default scale) are probed by the night's changed
-- NIKs here instead of fetching every match of those NIKs (5,229 matches for 7,266 NIKs, in each of the 29 shards).
CREATE INDEX match_orang_lain_idx ON matching.match (member_nik) WHERE metode <> 'NIK';
