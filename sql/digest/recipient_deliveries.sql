-- The active recipients, each with its latest digest (or that of @Week when given: a refusal weeks ago is otherwise hidden
-- behind the digests that went out since): the week, its outbox row, and whether it went out or what the mail server last
-- answered. The log names a refusal by outbox row only (never an address, SPEC 6): here it is found by address.
SELECT r.id, r.email, r.name, r.scope_code, r.may_see_full_nik,
       o.iso_week AS last_week, o.id AS last_outbox_id, o.sent_at AS last_sent_at, o.last_error
FROM digest.recipient r
LEFT JOIN LATERAL (
    SELECT o.iso_week, o.id, o.sent_at, o.last_error
    FROM digest.outbox o
    WHERE o.recipient_id = r.id AND (@Week::text IS NULL OR o.iso_week = @Week)
    ORDER BY o.iso_week DESC
    LIMIT 1
) o ON true
WHERE r.removed_at IS NULL
ORDER BY char_length(r.scope_code), r.scope_code, lower(r.email);
