-- A file may carry the content of an earlier import again: when a newer file since was wrong (a partial export), the
-- branch's earlier file is the truth once more (SPEC 2.4). Only the last import's content is "imported before" now.
ALTER TABLE membership.import DROP CONSTRAINT import_file_hash_key;
