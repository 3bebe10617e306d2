-- What a withdrawn decision was, and when it was made. `review undo` marks a decision DIBATALKAN at the time of the undo
-- (decided_at, which later decisions and the night's redo compare), and that overwrote both: `review decisions` showed an
-- undone acceptance as DIBATALKAN alone. A new decision on the pair clears them (matching/review_decide.sql).
ALTER TABLE matching.review_decision
    ADD COLUMN keputusan_semula text CHECK (keputusan_semula IN ('DITERIMA', 'DITOLAK')),
    ADD COLUMN diputuskan_semula_at timestamptz;
