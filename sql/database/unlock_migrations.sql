SELECT pg_advisory_unlock(7316042001);
