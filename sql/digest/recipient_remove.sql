-- Kept, not deleted: the outbox still names who received which week.
UPDATE digest.recipient
SET removed_at = @Now
WHERE lower(email) = lower(@Email) AND removed_at IS NULL;
