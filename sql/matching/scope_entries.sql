-- The roster rows of the entries in reconcile_scope, read once by primary key for the matcher, the classification and
-- the flags. Joined to roster.entry instead, each of those statements hash-joined the whole roster: 0.2-1.4 s per
-- statement of a 31,000-entry shard at the default benchmark scale.
DROP TABLE IF EXISTS scope_entry;
CREATE TEMP TABLE scope_entry ON COMMIT DROP AS
SELECT e.id, e.kode_desa, e.nik, e.nama_normal, e.tanggal_lahir, e.tanggal_lahir_tertulis, e.peran, e.left_at
FROM roster.entry e
WHERE e.id = ANY (ARRAY(SELECT entry_id FROM reconcile_scope));

ALTER TABLE scope_entry ADD PRIMARY KEY (id);
ANALYZE scope_entry;
