-- A file already taken into the register, by content.
SELECT file_name AS filename, rows, as_of AS asof
FROM membership.import
WHERE file_hash = @FileHash;
