-- One sender drains the outbox at a time (the job, a retry, `digest send`): a second one waits, then finds nothing left.
SELECT pg_advisory_lock(4400001);
