-- Per feed and desa, when its pull last succeeded and since when it has been failing for a passing reason (the server
-- down, 5xx or 429 to the end, a time-out, an answer that is no JSON:API). Such a failure keeps the desa's previous roster
-- and the hourly job green: right for an hour, but a village server down for a week was told to nobody while its roster
-- aged. alerted_at is when the hourly job last failed for the desa, so it does so once a day, not every hour.
CREATE TABLE roster.feed_pull (
    feed          text        NOT NULL,
    kode_desa     text        NOT NULL,
    succeeded_at  timestamptz,
    failing_since timestamptz,
    alerted_at    timestamptz,
    PRIMARY KEY (feed, kode_desa),
    CHECK (alerted_at IS NULL OR failing_since IS NOT NULL)
);
