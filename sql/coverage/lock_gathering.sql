-- One gathering at a time, held by the session from before gather_changes' transaction until after it (its snapshot
-- must see the gathering before it).
SELECT pg_advisory_lock(@LockClass, 0);
