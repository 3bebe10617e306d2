-- SPEC 5 export rejects: every quarantined roster row still unresolved.
SELECT sumber, baris, kode_desa, nik, nama, alasan
FROM roster.quarantine
WHERE resolved_at IS NULL
ORDER BY quarantined_at, sumber, baris, id;
