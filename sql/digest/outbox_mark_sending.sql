-- Committed before a batch goes out. Messages go in id order and each is marked sent as soon as the server accepts it,
-- so after a crash the lowest row of the batch still marked sending is the one that may have reached the server unmarked.
UPDATE digest.outbox
SET sending_since = @Now
WHERE id = ANY(@Ids) AND sent_at IS NULL;
