-- Finishing a day is serialised: two shards completing together may both try.
SELECT pg_advisory_xact_lock(@LockClass, @DayKey);
