-- The BPJS membership file the figures' day was reconciled with (SPEC 2.4: the newest accepted file is the truth as of its
-- date): the last one accepted before the day was finished (coverage.day), not one that arrived since, which the day's
-- statuses have not seen; the last one at all for a day not recorded there. No row: no membership file had been accepted.
SELECT i.as_of
FROM membership.import i
WHERE i.imported_at <= coalesce(
    (SELECT d.finished_at FROM coverage.day d WHERE d.as_of = @ThisWeek::date),
    'infinity'::timestamptz)
ORDER BY i.imported_at DESC, i.id DESC
LIMIT 1;
