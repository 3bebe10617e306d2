-- The unique (recipient_id, iso_week) key makes a second render of the same week a no-op.
INSERT INTO digest.outbox (recipient_id, iso_week, message_id, mime, rendered_at)
VALUES (@RecipientId, @IsoWeek, @MessageId, @Mime, @Now)
ON CONFLICT (recipient_id, iso_week) DO NOTHING;
