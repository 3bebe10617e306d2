-- The last accepted file: the next one is compared with it (SPEC 2.4), and the same content again changes nothing.
SELECT file_name AS filename, file_hash AS filehash, rows, as_of AS asof
FROM membership.import
ORDER BY imported_at DESC, id DESC
LIMIT 1;
