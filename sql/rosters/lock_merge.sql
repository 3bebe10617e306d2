-- One roster merge at a time (the job and a command-line import may overlap): two snapshots of the same desa
-- merged at once would both insert its new people. Parsing and COPY still run in parallel; the lock ends with the transaction.
SELECT pg_advisory_xact_lock(hashtext('jamsostek.roster.merge'));
