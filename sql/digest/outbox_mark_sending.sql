-- Committed before the message goes out: a row still marked sending later was interrupted between send and mark.
UPDATE digest.outbox
SET attempts = attempts + 1, last_attempt_at = @Now, sending_since = @Now
WHERE id = @Id;
