-- The unique (recipient_id, iso_week) key makes a second render of the same week a no-op, even two renders at once
-- (the Message-Id, derived from recipient and week, is unique too; any conflict means the row is there already).
INSERT INTO digest.outbox (recipient_id, iso_week, message_id, mime, rendered_at)
VALUES (@RecipientId, @IsoWeek, @MessageId, @Mime, @Now)
ON CONFLICT DO NOTHING;
