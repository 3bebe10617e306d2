-- SPEC 5 export rejects: every quarantined roster row still unresolved, every column text as the file gets it (ordered by
-- the row number itself, not its text).
SELECT q.sumber, q.baris::text AS baris, q.kode_desa, q.nik, q.nama, q.alasan
FROM roster.quarantine q
WHERE q.resolved_at IS NULL
ORDER BY q.quarantined_at, q.sumber, q.baris, q.id;
