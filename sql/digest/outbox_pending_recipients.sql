-- Active recipients that have no outbox row for the week yet: rendering a week again renders only what is missing.
-- An address removed and added again is a new recipient row: it does not get a week its earlier row was already sent
-- (SPEC 4: never twice), but does get one its earlier row never delivered (removing stopped that message).
SELECT r.id, r.email, r.name, r.scope_code, r.language, r.may_see_full_nik, r.added_at
FROM digest.recipient r
WHERE r.removed_at IS NULL
  AND NOT EXISTS (SELECT 1 FROM digest.outbox o WHERE o.recipient_id = r.id AND o.iso_week = @IsoWeek)
  AND NOT EXISTS (
      SELECT 1
      FROM digest.outbox o
      JOIN digest.recipient earlier ON earlier.id = o.recipient_id
      WHERE o.iso_week = @IsoWeek AND o.sent_at IS NOT NULL AND lower(earlier.email) = lower(r.email))
ORDER BY r.id;
