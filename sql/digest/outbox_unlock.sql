SELECT pg_advisory_unlock(4400001);
