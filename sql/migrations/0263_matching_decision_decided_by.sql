-- Who decided: when an acceptance reported a worker COVERED by a membership, or a rejection kept one unmatched, the
-- regency asks which admin did it. `review accept|reject|undo` record the account that ran them, or the name given with
-- --by. A decision taken back keeps who had made it beside who took it back. Decisions made before this migration have
-- no decider on record (NULL).
ALTER TABLE matching.review_decision
    ADD COLUMN decided_by text,
    ADD COLUMN diputuskan_semula_oleh text;
