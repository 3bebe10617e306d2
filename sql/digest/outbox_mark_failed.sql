UPDATE digest.outbox
SET sending_since = NULL, last_error = @Error, last_attempt_at = @Now
WHERE id = ANY(@Ids) AND sent_at IS NULL;
