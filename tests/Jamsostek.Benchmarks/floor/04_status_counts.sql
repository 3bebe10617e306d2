-- The floor's status counts, printed beside the answer key's: a sanity check of the generator and of the floor query.
\pset format unaligned
\pset tuples_only on
SELECT status, count(*) FROM floor.entry_status GROUP BY status ORDER BY status;
