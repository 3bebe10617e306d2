-- The next unsent messages after the last one this run looked at, for active recipients, skipping those refused too often.
SELECT o.id, o.recipient_id, o.iso_week, o.message_id, o.mime, o.attempts, o.sending_since
FROM digest.outbox o
JOIN digest.recipient r ON r.id = o.recipient_id
WHERE o.sent_at IS NULL
  AND o.mime IS NOT NULL
  AND o.id > @AfterId
  AND o.attempts < @MaxAttempts
  AND r.removed_at IS NULL
ORDER BY o.id
LIMIT @BatchSize;
