-- Active recipients that have no outbox row for the week yet: rendering a week again renders only what is missing.
SELECT r.id, r.email, r.name, r.scope_code, r.language, r.may_see_full_nik, r.added_at
FROM digest.recipient r
WHERE r.removed_at IS NULL
  AND NOT EXISTS (SELECT 1 FROM digest.outbox o WHERE o.recipient_id = r.id AND o.iso_week = @IsoWeek)
ORDER BY r.id;
