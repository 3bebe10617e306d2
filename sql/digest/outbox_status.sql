SELECT
    count(*) FILTER (WHERE sent_at IS NOT NULL)::integer AS sent,
    count(*) FILTER (WHERE sent_at IS NULL)::integer AS pending
FROM digest.outbox
WHERE iso_week = @IsoWeek;
