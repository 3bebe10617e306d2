ANALYZE roster_diff;
