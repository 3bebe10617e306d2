-- An admin can take a decision back (`review undo`): a rejection typed for the wrong id made a registered worker
-- NOT_REGISTERED for good, and only SQL could free them. The decision is kept, marked withdrawn: the latest decision on a
-- person counts (matching/match_scope, matching.diterima_berlaku), so a withdrawn one is no decision, and every night
-- redoes the entries that have a decision row (coverage/decided_and_due_entries), which matches this one by the rules again.
ALTER TABLE matching.review_decision DROP CONSTRAINT review_decision_keputusan_check;
ALTER TABLE matching.review_decision ADD CONSTRAINT review_decision_keputusan_check CHECK (keputusan IN ('DITERIMA', 'DITOLAK', 'DIBATALKAN'));
