-- A shard's completion and the decision to finish the day are serialised per day (complete_shard.sql): held until the
-- shard commits, so the next shard to decide sees this one's completion, and two shards completing together on two
-- servers do not both take themselves for the last.
SELECT pg_advisory_xact_lock(@LockClass, @DayKey);
