-- @Attempted is the row that was being transmitted (its attempt counts); the other rows of the batch were not reached.
UPDATE digest.outbox
SET sending_since = NULL,
    last_error = @Error,
    last_attempt_at = @Now,
    attempts = attempts + CASE WHEN id = @Attempted THEN 1 ELSE 0 END
WHERE id = ANY(@Ids) AND sent_at IS NULL;
