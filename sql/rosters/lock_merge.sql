-- One roster merge at a time (the job and a command-line import may overlap): two snapshots of the same desa
-- merged at once would both insert its new people. A run of files takes it when its batch begins, a pull after its COPY;
-- taken again in the same transaction it is granted at once. The lock ends with the transaction.
SELECT pg_advisory_xact_lock(@Key);
