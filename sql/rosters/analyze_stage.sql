ANALYZE roster_stage;
