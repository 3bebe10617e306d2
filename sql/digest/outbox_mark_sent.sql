-- The rendered message holds personal data: once delivered it is not kept (SPEC 6).
UPDATE digest.outbox
SET sent_at = @Now, attempts = attempts + 1, last_attempt_at = @Now, sending_since = NULL, last_error = NULL, mime = NULL
WHERE id = @Id AND sent_at IS NULL;
