-- One decision at a time on a register person, for the transaction: two admins accepting two roster entries (other NIKs)
-- for the same person at once each found the person free, and both acceptances were stored. The decision that waits runs
-- review_decide after this one commits, and finds the person taken.
SELECT pg_advisory_xact_lock(@LockClass, hashtext(m.member_nik))
FROM matching.match m
WHERE m.entry_id = @Id;
