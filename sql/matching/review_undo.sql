-- `review undo ID`: the admin's decisions on the person the roster entry lists in its desa, whichever role they were made
-- on, withdrawn (migration 0261), and an accepted match taken off now, as a decision is applied now: the next reconcile
-- matches the entry by the rules again (a rejected person is proposed for review again). Returns how many were withdrawn.
WITH orang AS (
    SELECT de.id
    FROM roster.entry e
    JOIN roster.entry de ON de.kode_desa = e.kode_desa AND de.nik = e.nik
    WHERE e.id = @Id AND e.left_at IS NULL
),
ditarik AS (
    UPDATE matching.review_decision d
    SET keputusan = 'DIBATALKAN', decided_at = @DecidedAt, decided_by = @DecidedBy,
        keputusan_semula = d.keputusan, diputuskan_semula_at = d.decided_at, diputuskan_semula_oleh = d.decided_by
    FROM orang o
    WHERE d.entry_id = o.id AND d.keputusan <> 'DIBATALKAN'
    RETURNING d.entry_id
),
dilepas AS (
    DELETE FROM matching.match m
    USING orang o
    WHERE m.entry_id = o.id AND m.metode = 'KEPUTUSAN_ADMIN' AND EXISTS (SELECT 1 FROM ditarik)
    RETURNING m.entry_id
)
SELECT count(*)::integer FROM ditarik;
