-- One (day-independent) lock per kecamatan for the transaction: the same shard run twice, by two servers or a retry
-- beside the command line, waits for the other instead of interleaving flag updates.
SELECT pg_advisory_xact_lock(@LockClass, @KecamatanKey);
