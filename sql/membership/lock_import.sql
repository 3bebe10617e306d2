-- One import at a time, for the transaction (AdvisoryLockKeys.MembershipImport): two files racing must not interleave
-- their swaps of the register. Taken before the last import is read, so the second file is checked against the first.
SELECT pg_advisory_xact_lock(@Key);
