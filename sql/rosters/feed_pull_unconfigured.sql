-- The state of each feed and desa no longer in Rosters:Feeds (a desa taken out, a feed renamed), forgotten as the run's
-- failing desa are recorded: kept, a desa configured again months later was alerted on its first failure for a failure
-- begun months before. Only the configuration decides: a desa of a feed not asked this run (its token refused, its server
-- given up) keeps its row, since it is still to be pulled.
DELETE FROM roster.feed_pull p
WHERE NOT EXISTS (
    SELECT FROM unnest(@Feeds::text[], @Desa::text[]) AS c (feed, kode_desa)
    WHERE c.feed = p.feed AND c.kode_desa = p.kode_desa
);
