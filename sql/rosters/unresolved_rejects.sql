-- SPEC 5 export rejects: every quarantined roster row still unresolved, every column text as the file gets it.
SELECT sumber, baris::text, kode_desa, nik, nama, alasan
FROM roster.quarantine
WHERE resolved_at IS NULL
ORDER BY quarantined_at, sumber, baris, id;
