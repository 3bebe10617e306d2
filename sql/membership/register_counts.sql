-- The register's records and people once a file is in it (membership/copy_register or replace_register), the NIK
-- index built: the distinct NIKs come from the index of all-visible pages, in order, where count(DISTINCT nik) sorted
-- 5,000,000 of them (6.6 s at the default benchmark scale).
SELECT (SELECT count(*) FROM membership.record)::integer AS records,
       (SELECT count(*) FROM (SELECT DISTINCT nik FROM membership.record) orang)::integer AS people;
