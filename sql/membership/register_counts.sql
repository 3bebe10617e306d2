-- A first file's counts, read from the register it was copied into (membership/copy_register) once its indexes are
-- built (membership/first_load_end): the distinct NIKs come from the NIK index of all-visible pages, in order, where
-- count(DISTINCT nik) sorted 5,000,000 of them (6.6 s at the default benchmark scale).
SELECT (SELECT count(*) FROM membership.record)::integer AS records,
       (SELECT count(*) FROM (SELECT DISTINCT nik FROM membership.record) orang)::integer AS people;
