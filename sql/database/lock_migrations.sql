-- A session lock held while migrating; the key is an arbitrary constant of this service.
SELECT pg_advisory_lock(7316042001);
