-- One claim per cause at a time: two shards failing together must not both find no recent email of their cause.
SELECT pg_advisory_xact_lock(@LockClass, hashtext(md5(@Cause)));
