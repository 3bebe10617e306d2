-- The last accepted file: the next one is compared with it (SPEC 2.4).
SELECT file_name AS filename, rows, as_of AS asof
FROM membership.import
ORDER BY imported_at DESC, id DESC
LIMIT 1;
