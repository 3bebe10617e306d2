-- A first file's counts, read from the register it was copied into (membership/first_load_begin).
SELECT count(*)::integer AS records, count(DISTINCT nik)::integer AS people
FROM membership.record;
