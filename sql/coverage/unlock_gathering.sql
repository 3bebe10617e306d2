SELECT pg_advisory_unlock(@LockClass, 0);
