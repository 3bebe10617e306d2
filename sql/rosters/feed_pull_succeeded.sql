-- A desa's pull taken (changed or not), in the pull's own transaction: its failing state, if any, ends with it.
INSERT INTO roster.feed_pull (feed, kode_desa, succeeded_at)
VALUES (@Feed, @KodeDesa, @Now)
ON CONFLICT (feed, kode_desa) DO UPDATE
SET succeeded_at = excluded.succeeded_at, failing_since = NULL, alerted_at = NULL;
